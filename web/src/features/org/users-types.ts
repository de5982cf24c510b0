// The account's type, as the API gives it.
import type { Schemas } from "../../lib/api";

export type User = Schemas["User"];
