import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import type { Grader } from "./grader.js";
import type { GraderConfig } from "./grader-schema.js";
import { jsonGrader, jsonSchemaGrader } from "./json-graders.js";
import { judgeGrader } from "./judge-grader.js";
import { exactGrader, normalizedGrader, numericGrader, regexGrader } from "./match-graders.js";
import { moduleGrader } from "./module-grader.js";

/**
 * A grader from its definition. Refuses (EvalsError `invalid_grader`) what can be checked up
 * front: a regex that does not compile, a JSON schema Ajv rejects, a module that cannot load.
 * `baseDir` resolves a module grader's relative path (the graders file's folder).
 */
export async function createGrader(options: { config: GraderConfig; baseDir?: string }): Promise<Grader> {
  const { config } = options;
  switch (config.type) {
    case "exact":
      return exactGrader(config);
    case "normalized":
      return normalizedGrader();
    case "regex":
      return compileChecked(() => regexGrader(config));
    case "json":
      return jsonGrader();
    case "json-schema":
      return jsonSchemaGrader(config);
    case "numeric":
      return numericGrader(config);
    case "module":
      return moduleGrader(config, { baseDir: options.baseDir ?? process.cwd() });
    case "judge":
      return judgeGrader(config);
    default: {
      const unknown: never = config;
      throw new Error(`unknown grader ${JSON.stringify(unknown)}`);
    }
  }
}

function compileChecked(make: () => Grader): Grader {
  try {
    return make();
  } catch (cause) {
    throw new EvalsError({
      code: EvalsErrorCode.invalidGrader,
      message: `regex grader: ${(cause as Error).message}`,
      cause,
    });
  }
}
