/**
 * Word lists for the synthetic medical documents. Every list is split into a training part and a
 * held-out part (the `test` arrays), so the synthetic test documents name patients, doctors, drugs
 * and diagnoses that no training document contains: the model has to recognise them from context.
 */
export interface Pool<T> {
  train: readonly T[];
  test: readonly T[];
}

const CHINESE_SURNAMES_TEST = [...'姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙'];
const CHINESE_GIVEN_TEST = [...'瑶婷倩颖璐蕾嘉博昊翔睿泽晗萱岚峰毅彬锋鑫淼琦珊蓉'];
/** Training names draw on many more characters than the held-out ones, none of them a held-out one. */
const notHeldOut = (chars: string) => [...new Set(chars)].filter((c) => !CHINESE_SURNAMES_TEST.includes(c) && !CHINESE_GIVEN_TEST.includes(c));

export const CHINESE_SURNAMES: Pool<string> = {
  train: notHeldOut('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈郝孔邵史毛常万顾赖武康贺严牛洪汤黎易庞戴莫耿施乔葛殷温桑巩岳柴储章向覃裴单包安祝甘'),
  test: CHINESE_SURNAMES_TEST,
};

export const CHINESE_GIVEN: Pool<string> = {
  train: notHeldOut(
    '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉宇浩凯健俊帆红梅琳晨欣怡佳雪文斌志国建春秋冬庆光天海燕珍莉萍丹凤云月亮松生福安宁新晓小德立永成东向子晶力振兴淑秀荣娥贵礼义仁智信思远航一诗雨梓涵轩铭哲奕可馨悦然',
  ),
  test: CHINESE_GIVEN_TEST,
};

export const ENGLISH_FIRST: Pool<string> = {
  train: ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Margaret', 'Paul', 'Sandra', 'Steven', 'Ashley', 'Andrew', 'Emily', 'Kenneth', 'Donna', 'George', 'Michelle', 'Brian', 'Carol', 'Edward', 'Amanda', 'Ronald', 'Melissa', 'Timothy', 'Deborah', 'Wei', 'Mei', 'Raj', 'Priya', 'Ahmed', 'Fatima', 'Carlos', 'Maria', 'Christopher', 'Dorothy', 'Joshua', 'Kimberly', 'Kevin', 'Emma', 'Benjamin', 'Olivia', 'Samuel', 'Grace', 'Patrick', 'Victoria', 'Frank', 'Julia', 'Raymond', 'Hannah', 'Gregory', 'Chloe', 'Alexander', 'Natalie', 'Henry', 'Ruth', 'Peter', 'Joyce', 'Arjun', 'Aisha', 'Hiroshi', 'Mohammed', 'Lucia', 'Ivan', 'Elena', 'Kwame'],
  test: ['Jason', 'Stephanie', 'Jeffrey', 'Rebecca', 'Ryan', 'Laura', 'Gary', 'Helen', 'Nicholas', 'Sharon', 'Eric', 'Cynthia', 'Jacob', 'Kathleen', 'Jonathan', 'Amy', 'Larry', 'Angela', 'Justin', 'Shirley', 'Scott', 'Brenda', 'Li', 'Anita', 'Omar', 'Sofia', 'Diego', 'Yuki'],
};

export const ENGLISH_LAST: Pool<string> = {
  train: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Chen', 'Wang', 'Patel', 'Kim', "O'Brien", 'Gomez', 'Bennett', 'Wood', 'Barnes', 'Ross', 'Henderson', 'Coleman', 'Jenkins', 'Perry', 'Powell', 'Long', 'Patterson', 'Hughes', 'Washington', 'Butler', 'Simmons', 'Foster', 'Gonzales', 'Bryant', 'Alexander', 'Russell', 'Griffin', 'Hayes', 'Liu', 'Huang', 'Sato', 'Kumar', 'Khan', 'Ivanov', 'Rossi', 'Müller', 'Okafor', 'Haddad'],
  test: ['Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Zhang', 'Singh', 'Park', 'McDonald'],
};

export interface DrugEntry {
  zh: string;
  en: string;
  /** Typical doses as [amount, canonical unit]. */
  doses: ReadonlyArray<readonly [string, string]>;
  routes: readonly string[];
  frequencies: readonly string[];
}

const d = (zh: string, en: string, doses: Array<[string, string]>, routes: string[], frequencies: string[]): DrugEntry => ({ zh, en, doses, routes, frequencies });

export const DRUGS: Pool<DrugEntry> = {
  train: [
    d('二甲双胍片', 'Metformin', [['0.5', 'g'], ['500', 'mg'], ['850', 'mg']], ['po'], ['bid', 'tid']),
    d('阿司匹林肠溶片', 'Aspirin', [['100', 'mg'], ['81', 'mg']], ['po'], ['qd']),
    d('氨氯地平片', 'Amlodipine', [['5', 'mg'], ['10', 'mg']], ['po'], ['qd']),
    d('阿托伐他汀钙片', 'Atorvastatin', [['20', 'mg'], ['40', 'mg']], ['po'], ['qn', 'qd']),
    d('瑞舒伐他汀', 'Rosuvastatin', [['10', 'mg']], ['po'], ['qn']),
    d('美托洛尔缓释片', 'Metoprolol succinate', [['47.5', 'mg'], ['25', 'mg']], ['po'], ['qd', 'bid']),
    d('氯吡格雷', 'Clopidogrel', [['75', 'mg']], ['po'], ['qd']),
    d('硝苯地平控释片', 'Nifedipine', [['30', 'mg']], ['po'], ['qd']),
    d('缬沙坦胶囊', 'Valsartan', [['80', 'mg'], ['160', 'mg']], ['po'], ['qd']),
    d('厄贝沙坦', 'Irbesartan', [['150', 'mg']], ['po'], ['qd']),
    d('呋塞米片', 'Furosemide', [['20', 'mg'], ['40', 'mg']], ['po', 'iv'], ['qd', 'bid']),
    d('螺内酯', 'Spironolactone', [['20', 'mg'], ['25', 'mg']], ['po'], ['qd']),
    d('华法林钠片', 'Warfarin', [['2.5', 'mg'], ['3', 'mg']], ['po'], ['qd']),
    d('利伐沙班', 'Rivaroxaban', [['20', 'mg'], ['15', 'mg']], ['po'], ['qd']),
    d('胰岛素', 'Insulin glargine', [['10', 'U'], ['16', 'U']], ['sc'], ['qn', 'qd']),
    d('门冬胰岛素注射液', 'Insulin aspart', [['6', 'U'], ['8', 'U']], ['sc'], ['tid']),
    d('格列美脲', 'Glimepiride', [['2', 'mg']], ['po'], ['qd']),
    d('阿卡波糖片', 'Acarbose', [['50', 'mg']], ['po'], ['tid']),
    d('奥美拉唑肠溶胶囊', 'Omeprazole', [['20', 'mg']], ['po', 'iv'], ['qd', 'bid']),
    d('泮托拉唑', 'Pantoprazole', [['40', 'mg']], ['iv', 'po'], ['qd', 'bid']),
    d('头孢曲松钠', 'Ceftriaxone', [['2', 'g'], ['1', 'g']], ['iv'], ['qd']),
    d('头孢呋辛酯片', 'Cefuroxime', [['250', 'mg'], ['500', 'mg']], ['po'], ['bid']),
    d('阿莫西林胶囊', 'Amoxicillin', [['500', 'mg'], ['0.5', 'g']], ['po'], ['tid', 'q8h']),
    d('左氧氟沙星片', 'Levofloxacin', [['500', 'mg'], ['0.5', 'g']], ['po', 'iv'], ['qd']),
    d('阿奇霉素', 'Azithromycin', [['500', 'mg'], ['250', 'mg']], ['po', 'iv'], ['qd']),
    d('哌拉西林他唑巴坦', 'Piperacillin-tazobactam', [['4.5', 'g']], ['iv'], ['q8h']),
    d('布洛芬缓释胶囊', 'Ibuprofen', [['300', 'mg'], ['400', 'mg']], ['po'], ['prn', 'bid', 'tid']),
    d('对乙酰氨基酚片', 'Acetaminophen', [['500', 'mg'], ['0.5', 'g']], ['po'], ['prn', 'q6h']),
    d('沙丁胺醇气雾剂', 'Albuterol inhaler', [['2', 'puff']], ['inh'], ['prn', 'qid']),
    d('布地奈德福莫特罗粉吸入剂', 'Budesonide-formoterol', [['1', 'puff'], ['2', 'puff']], ['inh'], ['bid']),
    d('泼尼松片', 'Prednisone', [['10', 'mg'], ['20', 'mg'], ['5', 'mg']], ['po'], ['qd']),
    d('左甲状腺素钠片', 'Levothyroxine', [['50', 'mcg'], ['100', 'mcg']], ['po'], ['qd']),
    d('甲巯咪唑片', 'Methimazole', [['10', 'mg']], ['po'], ['tid', 'qd']),
    d('别嘌醇片', 'Allopurinol', [['100', 'mg'], ['300', 'mg']], ['po'], ['qd']),
    d('非布司他', 'Febuxostat', [['40', 'mg']], ['po'], ['qd']),
    d('舍曲林片', 'Sertraline', [['50', 'mg']], ['po'], ['qd']),
    d('艾司唑仑片', 'Estazolam', [['1', 'mg']], ['po'], ['qn']),
    d('硝酸甘油片', 'Nitroglycerin', [['0.5', 'mg'], ['0.4', 'mg']], ['sl'], ['prn']),
    d('单硝酸异山梨酯缓释片', 'Isosorbide mononitrate', [['40', 'mg'], ['30', 'mg']], ['po'], ['qd']),
    d('低分子肝素钙注射液', 'Enoxaparin', [['4000', 'IU'], ['40', 'mg']], ['sc'], ['qd', 'q12h']),
    d('氯化钾缓释片', 'Potassium chloride', [['1', 'g'], ['20', 'mmol']], ['po'], ['bid', 'tid']),
    d('碳酸钙D3片', 'Calcium carbonate', [['600', 'mg'], ['1', 'tab']], ['po'], ['qd']),
    d('甲钴胺片', 'Methylcobalamin', [['0.5', 'mg'], ['500', 'mcg']], ['po'], ['tid']),
    d('莫西沙星', 'Moxifloxacin', [['400', 'mg']], ['iv', 'po'], ['qd']),
    d('地塞米松磷酸钠注射液', 'Dexamethasone', [['5', 'mg'], ['10', 'mg']], ['iv', 'im'], ['qd', 'stat']),
    d('氨溴索', 'Ambroxol', [['30', 'mg']], ['po', 'iv'], ['tid', 'bid']),
    d('多潘立酮片', 'Domperidone', [['10', 'mg']], ['po'], ['tid']),
    d('奥沙利铂', 'Oxaliplatin', [['130', 'mg'], ['200', 'mg']], ['iv'], ['stat']),
    d('格列吡嗪控释片', 'Glipizide', [['5', 'mg']], ['po'], ['qd']),
    d('利格列汀片', 'Linagliptin', [['5', 'mg']], ['po'], ['qd']),
    d('恩格列净片', 'Empagliflozin', [['10', 'mg'], ['25', 'mg']], ['po'], ['qd']),
    d('依那普利片', 'Enalapril', [['10', 'mg'], ['5', 'mg']], ['po'], ['qd', 'bid']),
    d('培哚普利片', 'Perindopril', [['4', 'mg']], ['po'], ['qd']),
    d('氯沙坦钾片', 'Losartan', [['50', 'mg'], ['100', 'mg']], ['po'], ['qd']),
    d('卡维地洛片', 'Carvedilol', [['12.5', 'mg'], ['6.25', 'mg']], ['po'], ['bid']),
    d('地高辛片', 'Digoxin', [['0.125', 'mg'], ['0.25', 'mg']], ['po'], ['qd']),
    d('胺碘酮片', 'Amiodarone', [['200', 'mg']], ['po'], ['qd', 'tid']),
    d('达比加群酯胶囊', 'Dabigatran', [['110', 'mg'], ['150', 'mg']], ['po'], ['bid']),
    d('头孢哌酮舒巴坦', 'Cefoperazone-sulbactam', [['3', 'g'], ['1.5', 'g']], ['iv'], ['q12h', 'q8h']),
    d('美罗培南', 'Meropenem', [['1', 'g'], ['0.5', 'g']], ['iv'], ['q8h']),
    d('万古霉素', 'Vancomycin', [['1', 'g'], ['500', 'mg']], ['iv'], ['q12h']),
    d('多西环素片', 'Doxycycline', [['100', 'mg']], ['po'], ['bid']),
    d('雷贝拉唑钠肠溶片', 'Rabeprazole', [['10', 'mg'], ['20', 'mg']], ['po'], ['qd']),
    d('艾司奥美拉唑', 'Esomeprazole', [['40', 'mg'], ['20', 'mg']], ['po', 'iv'], ['qd', 'bid']),
    d('双氯芬酸钠缓释片', 'Diclofenac', [['75', 'mg'], ['50', 'mg']], ['po'], ['qd', 'bid']),
    d('氨酚羟考酮片', 'Oxycodone-acetaminophen', [['5', 'mg'], ['1', 'tab']], ['po'], ['q6h', 'prn']),
    d('异丙托溴铵气雾剂', 'Ipratropium inhaler', [['2', 'puff']], ['inh'], ['tid', 'qid']),
    d('氟替卡松沙美特罗吸入剂', 'Fluticasone-salmeterol', [['1', 'puff']], ['inh'], ['bid']),
    d('氢化可的松', 'Hydrocortisone', [['100', 'mg'], ['50', 'mg']], ['iv'], ['q8h', 'qd']),
    d('艾司西酞普兰片', 'Escitalopram', [['10', 'mg']], ['po'], ['qd']),
    d('唑吡坦片', 'Zolpidem', [['10', 'mg'], ['5', 'mg']], ['po'], ['qn']),
    d('劳拉西泮片', 'Lorazepam', [['0.5', 'mg'], ['1', 'mg']], ['po'], ['qn', 'prn']),
    d('氢氯噻嗪片', 'Hydrochlorothiazide', [['25', 'mg'], ['12.5', 'mg']], ['po'], ['qd']),
    d('坦索罗辛缓释胶囊', 'Tamsulosin', [['0.2', 'mg'], ['0.4', 'mg']], ['po'], ['qn']),
    d('碳酸氢钠片', 'Sodium bicarbonate', [['1', 'g'], ['0.5', 'g']], ['po'], ['tid']),
    d('甘精胰岛素注射液', 'Insulin detemir', [['12', 'U'], ['20', 'U']], ['sc'], ['qn']),
    d('昂丹司琼', 'Ondansetron', [['8', 'mg'], ['4', 'mg']], ['iv', 'po'], ['q8h', 'prn']),
  ],
  test: [
    d('格列齐特缓释片', 'Gliclazide', [['30', 'mg'], ['60', 'mg']], ['po'], ['qd']),
    d('西格列汀', 'Sitagliptin', [['100', 'mg']], ['po'], ['qd']),
    d('贝那普利片', 'Benazepril', [['10', 'mg']], ['po'], ['qd']),
    d('比索洛尔片', 'Bisoprolol', [['5', 'mg'], ['2.5', 'mg']], ['po'], ['qd']),
    d('替格瑞洛片', 'Ticagrelor', [['90', 'mg']], ['po'], ['bid']),
    d('达格列净片', 'Dapagliflozin', [['10', 'mg']], ['po'], ['qd']),
    d('头孢他啶', 'Ceftazidime', [['2', 'g'], ['1', 'g']], ['iv'], ['q8h', 'q12h']),
    d('克拉霉素片', 'Clarithromycin', [['500', 'mg'], ['250', 'mg']], ['po'], ['bid']),
    d('兰索拉唑', 'Lansoprazole', [['30', 'mg']], ['po'], ['qd']),
    d('塞来昔布胶囊', 'Celecoxib', [['200', 'mg']], ['po'], ['qd', 'bid']),
    d('曲马多缓释片', 'Tramadol', [['100', 'mg'], ['50', 'mg']], ['po'], ['q12h', 'prn']),
    d('噻托溴铵粉吸入剂', 'Tiotropium', [['18', 'mcg']], ['inh'], ['qd']),
    d('孟鲁司特钠片', 'Montelukast', [['10', 'mg']], ['po'], ['qn']),
    d('甲泼尼龙', 'Methylprednisolone', [['40', 'mg'], ['80', 'mg']], ['iv'], ['qd', 'q12h']),
    d('帕罗西汀片', 'Paroxetine', [['20', 'mg']], ['po'], ['qd']),
    d('阿普唑仑片', 'Alprazolam', [['0.4', 'mg']], ['po'], ['qn']),
    d('托拉塞米', 'Torsemide', [['10', 'mg'], ['20', 'mg']], ['po', 'iv'], ['qd']),
  ],
};

export interface DiagnosisEntry {
  zh: string;
  en: string;
}

const g = (zh: string, en: string): DiagnosisEntry => ({ zh, en });

export const DIAGNOSES: Pool<DiagnosisEntry> = {
  train: [
    g('高血压病', 'hypertension'),
    g('2型糖尿病', 'type 2 diabetes mellitus'),
    g('冠心病', 'coronary artery disease'),
    g('心房颤动', 'atrial fibrillation'),
    g('慢性心力衰竭', 'congestive heart failure'),
    g('脑梗死', 'ischemic stroke'),
    g('高脂血症', 'hyperlipidemia'),
    g('慢性阻塞性肺疾病', 'chronic obstructive pulmonary disease'),
    g('支气管哮喘', 'asthma'),
    g('社区获得性肺炎', 'community-acquired pneumonia'),
    g('上呼吸道感染', 'upper respiratory tract infection'),
    g('肺结核', 'pulmonary tuberculosis'),
    g('肺癌', 'lung cancer'),
    g('胃癌', 'gastric cancer'),
    g('结肠癌', 'colon cancer'),
    g('乳腺癌', 'breast cancer'),
    g('慢性胃炎', 'chronic gastritis'),
    g('胃食管反流病', 'gastroesophageal reflux disease'),
    g('十二指肠溃疡', 'duodenal ulcer'),
    g('胆囊结石', 'cholelithiasis'),
    g('急性胰腺炎', 'acute pancreatitis'),
    g('脂肪肝', 'fatty liver'),
    g('肝硬化', 'liver cirrhosis'),
    g('慢性乙型病毒性肝炎', 'chronic hepatitis B'),
    g('慢性肾脏病', 'chronic kidney disease'),
    g('尿路感染', 'urinary tract infection'),
    g('前列腺增生', 'benign prostatic hyperplasia'),
    g('缺铁性贫血', 'iron deficiency anemia'),
    g('骨质疏松症', 'osteoporosis'),
    g('类风湿关节炎', 'rheumatoid arthritis'),
    g('痛风', 'gout'),
    g('甲状腺功能减退症', 'hypothyroidism'),
    g('甲状腺功能亢进症', 'hyperthyroidism'),
    g('抑郁症', 'depression'),
    g('失眠', 'insomnia'),
    g('癫痫', 'epilepsy'),
    g('帕金森病', "Parkinson's disease"),
    g('腰椎间盘突出症', 'lumbar disc herniation'),
    g('深静脉血栓形成', 'deep vein thrombosis'),
    g('肺栓塞', 'pulmonary embolism'),
    g('急性心肌梗死', 'acute myocardial infarction'),
    g('不稳定型心绞痛', 'unstable angina'),
    g('急性阑尾炎', 'acute appendicitis'),
    g('高尿酸血症', 'hyperuricemia'),
    g('过敏性鼻炎', 'allergic rhinitis'),
    g('低钾血症', 'hypokalemia'),
    g('病毒性心肌炎', 'viral myocarditis'),
    g('扩张型心肌病', 'dilated cardiomyopathy'),
    g('肥厚型心肌病', 'hypertrophic cardiomyopathy'),
    g('心包积液', 'pericardial effusion'),
    g('主动脉夹层', 'aortic dissection'),
    g('下肢动脉硬化闭塞症', 'peripheral arterial disease'),
    g('支气管扩张症', 'bronchiectasis'),
    g('间质性肺病', 'interstitial lung disease'),
    g('胸腔积液', 'pleural effusion'),
    g('自发性气胸', 'spontaneous pneumothorax'),
    g('急性支气管炎', 'acute bronchitis'),
    g('肺气肿', 'emphysema'),
    g('反流性食管炎', 'reflux esophagitis'),
    g('胃溃疡', 'gastric ulcer'),
    g('溃疡性结肠炎', 'ulcerative colitis'),
    g('克罗恩病', "Crohn's disease"),
    g('肠易激综合征', 'irritable bowel syndrome'),
    g('急性胆管炎', 'acute cholangitis'),
    g('肾结石', 'nephrolithiasis'),
    g('肾病综合征', 'nephrotic syndrome'),
    g('慢性肾小球肾炎', 'chronic glomerulonephritis'),
    g('急性肾盂肾炎', 'acute pyelonephritis'),
    g('膀胱癌', 'bladder cancer'),
    g('甲状腺癌', 'thyroid cancer'),
    g('食管癌', 'esophageal cancer'),
    g('直肠癌', 'rectal cancer'),
    g('非霍奇金淋巴瘤', 'non-Hodgkin lymphoma'),
    g('急性髓系白血病', 'acute myeloid leukemia'),
    g('多发性骨髓瘤', 'multiple myeloma'),
    g('再生障碍性贫血', 'aplastic anemia'),
    g('血小板减少症', 'thrombocytopenia'),
    g('1型糖尿病', 'type 1 diabetes mellitus'),
    g('糖尿病肾病', 'diabetic nephropathy'),
    g('糖尿病周围神经病变', 'diabetic peripheral neuropathy'),
    g('代谢综合征', 'metabolic syndrome'),
    g('肥胖症', 'obesity'),
    g('膝骨关节炎', 'knee osteoarthritis'),
    g('强直性脊柱炎', 'ankylosing spondylitis'),
    g('颈椎病', 'cervical spondylosis'),
    g('带状疱疹', 'herpes zoster'),
    g('蜂窝织炎', 'cellulitis'),
    g('银屑病', 'psoriasis'),
    g('焦虑症', 'generalized anxiety disorder'),
    g('阿尔茨海默病', "Alzheimer's disease"),
    g('重症肌无力', 'myasthenia gravis'),
    g('周围性面瘫', "Bell's palsy"),
    g('原发性开角型青光眼', 'open-angle glaucoma'),
    g('慢性中耳炎', 'chronic otitis media'),
    g('低钠血症', 'hyponatremia'),
    g('高钾血症', 'hyperkalemia'),
  ],
  test: [
    g('慢阻肺', 'COPD'),
    g('脑出血', 'intracerebral hemorrhage'),
    g('肝癌', 'hepatocellular carcinoma'),
    g('胰腺癌', 'pancreatic cancer'),
    g('急性肾损伤', 'acute kidney injury'),
    g('系统性红斑狼疮', 'systemic lupus erythematosus'),
    g('偏头痛', 'migraine'),
    g('阻塞性睡眠呼吸暂停', 'obstructive sleep apnea'),
    g('胆囊炎', 'cholecystitis'),
    g('急性胃肠炎', 'gastroenteritis'),
    g('短暂性脑缺血发作', 'transient ischemic attack'),
    g('消化道出血', 'gastrointestinal bleeding'),
    g('前列腺癌', 'prostate cancer'),
    g('白内障', 'cataract'),
    g('脓毒症', 'sepsis'),
    g('甲状腺结节', 'thyroid nodule'),
  ],
};

export const DEPARTMENTS_ZH = ['心内科', '内分泌科', '呼吸内科', '消化内科', '神经内科', '肾内科', '普外科', '骨科', '肿瘤科', '全科医学科', '老年医学科'];
export const DEPARTMENTS_EN = ['Cardiology', 'Endocrinology', 'Pulmonology', 'Gastroenterology', 'Neurology', 'Nephrology', 'General Surgery', 'Internal Medicine', 'Oncology', 'Family Medicine'];

export const ADVICE_ZH = ['低盐低脂饮食，监测血糖', '低盐低脂饮食', '注意休息，避免劳累', '戒烟限酒', '监测血压，每日记录', '两周后门诊复查血常规及肝肾功能', '适当运动，控制体重', '如有胸闷、胸痛加重及时就诊', '定期复查', '糖尿病饮食，监测空腹及餐后血糖', '清淡饮食，多饮水', '1个月后心内科门诊随访'];
export const ADVICE_EN = ['Low-salt, low-fat diet and monitor blood glucose', 'Follow up in the clinic in two weeks', 'Avoid strenuous activity for one week', 'Stop smoking and limit alcohol', 'Monitor blood pressure daily and keep a log', 'Return to the emergency department if chest pain recurs', 'Repeat blood tests in one month', 'Drink plenty of fluids and rest', 'Maintain a diabetic diet', 'Walk 30 minutes a day as tolerated'];

export const SYMPTOMS_ZH = ['胸闷', '胸痛', '头晕', '乏力', '咳嗽', '咳痰', '发热', '腹痛', '腹胀', '恶心', '呕吐', '气促', '心悸', '口干', '多尿', '水肿'];
export const SYMPTOMS_EN = ['chest pain', 'shortness of breath', 'dizziness', 'fatigue', 'cough', 'fever', 'abdominal pain', 'nausea', 'vomiting', 'palpitations', 'headache', 'leg swelling', 'polyuria'];
