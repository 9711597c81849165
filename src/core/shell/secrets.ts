// Which environment variables hold secrets. The shell's state file must never contain them (it is
// written to disk after every command), so their values stay in memory only.

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION|^AWS_/i;
/** A URL with a password in it (postgres://user:pass@host); the same expression as in BASH_IS_SECRET. */
const CREDENTIAL_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/:@]*:[^/@]+@/i;

export function isSecretVariable(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || CREDENTIAL_URL.test(value);
}

/**
 * The same test in bash (3.2 and up), for variables a command exports itself: status 0 when the
 * name in $1 or the value in $2 looks secret. Both sides must agree, or a variable Tandem carries
 * as ordinary would be dropped as a changed secret.
 */
export const BASH_IS_SECRET =
  '__tandem_is_secret() { case $1 in *[Kk][Ee][Yy]*|*[Tt][Oo][Kk][Ee][Nn]*|*[Ss][Ee][Cc][Rr][Ee][Tt]*|*[Pp][Aa][Ss][Ss][Ww]*|' +
  '*[Cc][Rr][Ee][Dd][Ee][Nn][Tt][Ii][Aa][Ll]*|*[Aa][Uu][Tt][Hh]*|*[Cc][Oo][Oo][Kk][Ii][Ee]*|*[Ss][Ee][Ss][Ss][Ii][Oo][Nn]*|[Aa][Ww][Ss]_*) return 0;; esac; ' +
  "local re='^[A-Za-z][A-Za-z0-9+.-]*://[^/:@]*:[^/@]+@'; [[ $2 =~ $re ]]; }";
