import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { parseDrainUrl, redactDrainUrl } from './drain-url.js';

function refusal(raw: string, rules = {}): ValidationError {
  try {
    parseDrainUrl(raw, rules);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('url');
    return err as ValidationError;
  }
  throw new Error(`${raw} was accepted`);
}

describe('parseDrainUrl', () => {
  it('splits the three syslog forms', () => {
    expect(parseDrainUrl('syslog://Logs.Example.com:514')).toMatchObject({ protocol: 'syslog-tcp', host: 'logs.example.com', port: 514, path: '' });
    expect(parseDrainUrl('syslog+tls://logs.example.com:6514/')).toMatchObject({ protocol: 'syslog-tls', port: 6514 });
    expect(parseDrainUrl('syslog+udp://[2001:db8::1]:514')).toMatchObject({ protocol: 'syslog-udp', host: '2001:db8::1', port: 514 });
  });

  it('takes https with Basic credentials, path and query, and masks the secrets in `redacted`', () => {
    const url = parseDrainUrl('https://user:p%40ss@logs.example.com/drain/x?token=abc');
    expect(url).toMatchObject({ protocol: 'https', host: 'logs.example.com', port: 443, path: '/drain/x?token=abc', username: 'user', password: 'p@ss' });
    expect(url.redacted).toBe('https://user:***@logs.example.com/drain/x?token=***');
    expect(url.redacted).not.toContain('abc');
    expect(parseDrainUrl('https://logs.example.com:8443').path).toBe('/');
  });

  it('accepts plain http only when the operator allows it, and never with credentials', () => {
    expect(refusal('http://logs.example.com/x').message).toMatch(/https/);
    expect(parseDrainUrl('http://logs.example.com/x', { allowHttp: true })).toMatchObject({ protocol: 'http', port: 80 });
    refusal('http://u:p@logs.example.com/x', { allowHttp: true });
  });

  it('refuses everything else on field url', () => {
    for (const raw of [
      '', 'logs.example.com:514', 'ftp://logs.example.com', 'syslog://logs.example.com', 'syslog://logs.example.com:0',
      'syslog+tls://u:p@logs.example.com:6514', 'syslog://logs.example.com:514/path', 'syslog://logs.example.com:514?x=1',
      'syslog+udp://bad_host%20x:514', 'https://logs.example.com/#frag', 'syslog://logs.example.com:70000', `https://a.example/${'x'.repeat(2100)}`,
    ]) refusal(raw);
  });
});

describe('redactDrainUrl', () => {
  it('masks passwords and query values and never echoes unparsable input', () => {
    expect(redactDrainUrl('https://u:secret@h.example/p?k=v')).toBe('https://u:***@h.example/p?k=***');
    expect(redactDrainUrl('not a url secret')).toBe('(invalid url)');
  });
});
