/**
 * The server's demo mode (packages/server/src/http/demo.ts): whether it is on, and minting a ticket
 * by UserID when it is. Off on a production server, where tickets come from the app's own backend.
 */
import { getJson, postJson } from './http.js';

export type DemoConfig = { demo: false } | { demo: true; sdkAppID: number; admin: string; warning: string };

export interface DemoTicket {
  sdkAppID: number;
  userID: string;
  userSig: string;
  /** Lifetime in seconds. */
  expire: number;
}

export async function loadDemoConfig(): Promise<DemoConfig> {
  try {
    return await getJson<DemoConfig>('/demo/config');
  } catch {
    // An older server, or a page opened from another host: behave as without demo mode.
    return { demo: false };
  }
}

/** Asks the server for a ticket (demo mode only). `expire` in seconds, for trying the expiry banner. */
export function mintDemoTicket(userID: string, expire?: number): Promise<DemoTicket> {
  return postJson<DemoTicket>('/demo/usersig', expire === undefined ? { userID } : { userID, expire });
}

/** The line every page shows in demo mode, so nobody mistakes it for a safe setup. */
export const DEMO_NOTICE =
  'Demo mode: this server gives a ticket for any UserID to anyone who asks. Fine on your own machine, ' +
  'never for production (start the server without --demo and make tickets in your backend).';
