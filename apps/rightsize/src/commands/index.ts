import type { Command } from "commander";
import { registerAuditCommand } from "./audit.js";
import { registerCostCommand } from "./cost.js";
import { registerDemoCommand } from "./demo.js";
import { registerEmulatorCommand } from "./emulator.js";
import { registerEvalCommand } from "./eval.js";
import { registerPolicyCommand } from "./policy.js";
import { registerReportCommand } from "./report.js";
import { registerRouterCommand } from "./router.js";
import { registerSimulateCommand } from "./simulate.js";

/** Every subcommand registers itself here, one line each. */
export function registerCommands(program: Command): void {
  registerCostCommand(program);
  registerPolicyCommand(program);
  registerEmulatorCommand(program);
  registerEvalCommand(program);
  registerAuditCommand(program);
  registerRouterCommand(program);
  registerReportCommand(program);
  registerSimulateCommand(program);
  registerDemoCommand(program);
}
