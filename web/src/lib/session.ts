// The signed-in user, shared by every screen.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Schemas } from "./api";

export type Me = Schemas["Me"];

export interface SessionValue {
  me: Me;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in page");
  return s;
}

export function hasRole(me: Me, ...roles: string[]): boolean {
  return me.roles.some((r) => roles.includes(r.role));
}

/** What the server says the user's grants open (GET /api/v1/me `abilities`): the app offers no menu
 * or button that would lead to a refusal. */
export function can(me: Me, ability: Me["abilities"][number]): boolean {
  return me.abilities.includes(ability);
}
