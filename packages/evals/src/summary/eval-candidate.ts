/**
 * A tier or model an eval runs: `key` names it in outcomes (`haiku`, or a model id with
 * `--models`), `model` is the model id sent, `tier` the policy tier it stands for.
 */
export interface EvalCandidate {
  key: string;
  model: string;
  tier?: string;
}
