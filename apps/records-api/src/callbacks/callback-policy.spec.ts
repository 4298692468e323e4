import { callbackUrlProblem, hostAllowed } from './callback-policy';

describe('callback policy', () => {
  const allowList = ['his.hospital.example', '*.clinic.example'];

  it('allows listed hosts and the subdomains of a wildcard, nothing else', () => {
    expect(hostAllowed('his.hospital.example', allowList)).toBe(true);
    expect(hostAllowed('HIS.hospital.example.', allowList)).toBe(true);
    expect(hostAllowed('east.clinic.example', allowList)).toBe(true);
    expect(hostAllowed('clinic.example', allowList)).toBe(false);
    expect(hostAllowed('evilclinic.example', allowList)).toBe(false);
    expect(hostAllowed('his.hospital.example.attacker.example', allowList)).toBe(false);
  });

  it('refuses URLs that are not http(s), carry credentials, or name an unlisted host', () => {
    expect(callbackUrlProblem('https://his.hospital.example/hooks/records', allowList)).toBeNull();
    expect(callbackUrlProblem('ftp://his.hospital.example/x', allowList)).toMatch(/http/);
    expect(callbackUrlProblem('https://user:pw@his.hospital.example/x', allowList)).toMatch(/credentials/);
    expect(callbackUrlProblem('https://169.254.169.254/latest/meta-data', allowList)).toMatch(/allow-list/);
    expect(callbackUrlProblem('not a url', allowList)).toMatch(/absolute/);
    expect(callbackUrlProblem('https://his.hospital.example/x', [])).toMatch(/allow-list/);
  });
});
