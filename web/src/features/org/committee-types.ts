// The committee register's types, as the API gives them.
import type { Schemas } from "../../lib/api";

export type Committee = Schemas["Committee"];
export type Member = Schemas["Member"];
