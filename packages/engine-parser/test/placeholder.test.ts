import { expect, test } from "vitest";
import * as parser from "@socketry/engine-parser";
test("package resolves from source", () => { expect(typeof parser).toBe("object"); });
