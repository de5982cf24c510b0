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

/** The nation's administrator or manager (a grant on VN): may change the forms' deadlines
 * (PUT /api/v1/forms/{code}/deadlines/{unitType}; anyone else gets 403). */
export function isNationalManager(me: Me): boolean {
  return me.roles.some((r) => (r.role === "administrator" || r.role === "manager") && r.unit === "VN");
}
