/**
 * Source addresses for client sockets. A connection is identified by its (source, destination) pair
 * of address and port, and one source address has only ~28,000 ephemeral ports, so tens of thousands
 * of connections to one server port are spread over the loopback block 127.0.0.0/8, all of which
 * Linux routes to this machine.
 */
const SOURCE_ADDRESSES = 32;

/** The source address of the client with this run-wide index. */
export function sourceAddress(index: number): string {
  return `127.0.0.${1 + (index % SOURCE_ADDRESSES)}`;
}
