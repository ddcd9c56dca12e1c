/**
 * Test certificates made by the openssl CLI, for the HTTPS control sockets: a temporary
 * directory with a CA (ca), another CA (other-ca), a server certificate for IP 127.0.0.1 and a
 * client certificate signed by ca (server, client), and a client certificate signed by other-ca
 * (stranger); each NAME.pem with its NAME.key. EC P-256 keys, valid for a day.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function makePki(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-tls-'));
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const issue = (name: string, ca: string | undefined, ext: string): void => {
    writeFileSync(path.join(dir, `${name}.ext`), ext);
    ssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    const signer = ca === undefined ? ['-signkey', `${name}.key`] : ['-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial'];
    ssl('x509', '-req', '-in', `${name}.csr`, ...signer, '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  };
  issue('ca', undefined, 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n');
  issue('other-ca', undefined, 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n');
  issue('server', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', 'ca', 'extendedKeyUsage=clientAuth\n');
  issue('stranger', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  return dir;
}
