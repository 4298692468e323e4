/**
 * The driver adapter that Prisma's CLI migrates through. We migrate with Prisma 6's bundled WASM
 * schema engine (`engine: 'js'` in prisma.config.ts) because the native schema engine is a
 * download that a machine without internet cannot make (ADR 0002). @prisma/adapter-pg 6.19 needs
 * three small corrections for that engine, and this file is the only place that makes them:
 *  - the engine reads catalog columns of the built-in types `name` and `"char"`, which the adapter
 *    cannot map ("Column type 'name' could not be deserialized", prisma/prisma#27403); they are
 *    plain text to us;
 *  - `connectToShadowDb` spreads `{ ...config, database }`, but node-postgres lets a
 *    `connectionString` win over `database`, so the "shadow" would be the main database;
 *  - the engine replays migrations on the shadow through `executeRaw`, which node-postgres sends
 *    as one prepared statement and so rejects a script of several statements; a parameterless
 *    statement goes through `executeScript` (the simple protocol) instead.
 */
import { PrismaPg } from '@prisma/adapter-pg';

const PG_TEXT = 25;
const PG_NAME = 19;
const PG_CHAR = 18;
const IDLE_MS = 200;

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type PerformIO = (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;

function corrected<T extends Adapter>(adapter: T): T {
  const target = adapter as unknown as { performIO: PerformIO };
  const performIO = target.performIO.bind(adapter);
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_NAME || field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    }
    return result;
  };
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

export class MigrationAdapter extends PrismaPg {
  constructor(private readonly url: string) {
    super({ connectionString: url, idleTimeoutMillis: IDLE_MS });
  }

  override async connect() {
    return corrected(await super.connect());
  }

  override async connectToShadowDb() {
    const admin = await super.connect();
    const database = `prisma_shadow_${crypto.randomUUID().replaceAll('-', '')}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadowUrl = new URL(this.url);
    shadowUrl.pathname = `/${database}`;
    const shadow = corrected(
      await new PrismaPg({ connectionString: shadowUrl.toString(), idleTimeoutMillis: IDLE_MS }).connect(),
    );
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.dispose();
    };
    return shadow;
  }
}
