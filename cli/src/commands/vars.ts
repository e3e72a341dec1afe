/**
 * `airflowkit vars`: Airflow's variables, read, set, listed and deleted.
 *
 * @module
 */
import type { Command } from "commander";
import type { VariableRow } from "../api/rows.ts";
import { checkConfirmable, confirm } from "../confirm.ts";
import type { Column } from "../output/table.ts";
import type { Define } from "../program.ts";
import { integer } from "./options.ts";

const VARIABLE_COLUMNS: Column<VariableRow>[] = [
  { header: "KEY", value: (variable) => variable.key },
  { header: "VALUE", value: (variable) => variable.value },
  { header: "DESCRIPTION", value: (variable) => variable.description ?? "" },
];

/** Adds `vars` to the program. */
export function registerVars(program: Command, define: Define): void {
  const vars = program.command("vars").alias("variables")
    .description("read and set Airflow variables");

  vars.command("get")
    .description("print a variable's value")
    .argument("<key>", "the variable")
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit vars get limits
  $ airflowkit vars get limits -o json | jq .description`,
    )
    .action(define(async (context, [key]) => {
      const api = await context.api();
      const variable = await api.getVariable(key);
      context.printer.item(variable, variable.value);
    }));

  vars.command("set")
    .description("set a variable, creating it if need be; values are text")
    .argument("<key>", "the variable")
    .argument("<value>", "its value (JSON for structured data)")
    .option("--description <text>", "its description (kept as it is when left out)")
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit vars set environment production
  $ airflowkit vars set limits '{"max": 3}' --description "caps for the loaders"`,
    )
    .action(define<{ description?: string }>(async (context, [key, value], options) => {
      const api = await context.api();
      const variable = await api.setVariable(key, value, options.description);
      context.printer.item(variable, `Set ${variable.key}`);
    }));

  vars.command("list").alias("ls")
    .description("list variables")
    .option("--limit <n>", "at most this many", integer(1), 1000)
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit vars ls
  $ airflowkit vars ls -o json | jq -r '.[].key'`,
    )
    .action(define<{ limit: number }>(async (context, _args, options) => {
      const api = await context.api();
      context.printer.list(
        await api.listVariables(options.limit),
        VARIABLE_COLUMNS,
        "no variables",
      );
    }));

  vars.command("delete").alias("rm")
    .description("delete a variable; asks first unless --yes")
    .argument("<key>", "the variable")
    .option("-y, --yes", "delete without asking")
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit vars delete old_limits
  $ airflowkit vars delete old_limits --yes`,
    )
    .action(define<{ yes?: boolean }>(async (context, [key], options) => {
      const yes = options.yes === true;
      checkConfirmable(context.io, yes, "deleting a variable");
      const api = await context.api();
      const variable = await api.getVariable(key);
      await confirm(context.io, yes, `Delete the variable ${variable.key}?`);
      await api.deleteVariable(key);
      context.printer.item({ key: variable.key, deleted: true }, `Deleted ${variable.key}`);
    }));
}
