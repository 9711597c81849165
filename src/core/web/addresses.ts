// Addresses a web fetch must not reach: loopback, private networks, link-local (cloud metadata at
// 169.254.169.254), carrier-grade NAT, unique-local and unspecified ones. Checked on the address the
// connection actually uses (after DNS), so a name that resolves to one (DNS rebinding) is refused too.
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** Why this IP address is off limits, or undefined when it is a public address. */
export function privateAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  let ip = address;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) ip = mapped[1];
  const v = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  return blocked.check(ip, v) ? `${address} is a loopback, private, link-local or reserved address` : undefined;
}
