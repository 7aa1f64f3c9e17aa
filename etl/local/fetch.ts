// The HTTP client of every run off AWS: the local run, the replay and the
// tests. The Lambda brings the runtime's own fetch instead, so its archive
// carries no HTTP library (see NEVER_LOADED in etl/lambda.ts).
import crossFetch from "cross-fetch";
import { FetchLike } from "../http";

export const localFetch = crossFetch as unknown as FetchLike;
