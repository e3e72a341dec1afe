/**
 * What the server tells about itself: its configuration (403 unless `[api] expose_config` is
 * on, sensitive values hidden), plugins and the errors of those that failed to load (3.1+),
 * provider packages, jobs (a scheduler, a triggerer and a DAG processor, alive since the fake
 * started), and the login and logout redirects of the simple auth manager.
 *
 * @module
 */
import { type Context, type Handlers, listAnswer, param } from "../context.ts";
import { fail, iso, isSensitiveKey, json } from "../http.ts";
import type { Item } from "../query.ts";

const HIDDEN = "< hidden >";
/** Options Airflow always hides, besides any whose name says it holds a secret. */
const SENSITIVE = new Set([
  "core/fernet_key",
  "database/sql_alchemy_conn",
  "api/secret_key",
  "api_auth/jwt_secret",
]);

function shown(section: string, key: string, value: string): string {
  return SENSITIVE.has(`${section}/${key}`) || isSensitiveKey(key) ? HIDDEN : value;
}

/** Throws Airflow's 403 unless the configuration is exposed. */
function checkExposed(context: Context): void {
  const value = (context.store.config.get("api")?.get("expose_config") ?? "False").toLowerCase();
  if (!["true", "t", "1", "yes", "y", "non-sensitive-only"].includes(value)) {
    fail(
      403,
      "Your Airflow administrator chose not to expose the configuration, most likely for security reasons.",
    );
  }
}

/** Answers as the `Accept` header asks: JSON, or the `[section]` text form. */
function configAnswer(context: Context, sections: [string, [string, string][]][]): Response {
  const accept = (context.request.headers.get("accept") ?? "*/*").toLowerCase();
  const wantsText = accept.startsWith("text/plain");
  if (!wantsText && !/application\/json|\*\/\*|^$/.test(accept)) {
    fail(406, "Only application/json or text/plain is supported");
  }
  if (wantsText) {
    const text = sections.map(([name, options]) =>
      `[${name}]\n${options.map(([key, value]) => `${key} = ${value}`).join("\n")}\n`
    ).join("\n");
    return new Response(text, { headers: { "content-type": "text/plain" } });
  }
  return json({
    sections: sections.map(([name, options]) => ({
      name,
      options: options.map(([key, value]) => ({ key, value })),
    })),
  });
}

function job(context: Context, id: number, type: string): Item {
  return {
    dag_display_name: null,
    dag_id: null,
    end_date: null,
    executor_class: type === "SchedulerJob" ? "LocalExecutor" : null,
    hostname: "fake-airflow",
    id,
    job_type: type,
    latest_heartbeat: iso(context.now),
    start_date: iso(context.store.startedAt),
    state: "running",
    unixname: "airflow",
  };
}

/** The login page of the simple auth manager, which `GET /auth/login` redirects to. */
export const LOGIN_PAGE = "/auth/login";

/** What the fake serves there: a page for people, as the auth manager's is. */
export const LOGIN_HTML =
  '<!doctype html><html><head><title>Sign in - Airflow</title></head><body><form method="post">' +
  '<input name="username"><input name="password" type="password"><button>Sign in</button>' +
  "</form></body></html>";

function redirect(location: string): Response {
  return new Response(null, { status: 307, headers: { location } });
}

/** Server endpoints. */
export const serverHandlers: Handlers = {
  get_config: (context) => {
    checkExposed(context);
    const wanted = context.query.section as string | undefined;
    if (wanted !== undefined && !context.store.config.has(wanted)) {
      fail(404, `Section ${wanted} not found.`);
    }
    const sections = [...context.store.config].filter(([name]) =>
      wanted === undefined || name === wanted
    ).map(([name, options]): [string, [string, string][]] => [
      name,
      [...options].map(([key, value]) => [key, shown(name, key, value)]),
    ]);
    return configAnswer(context, sections);
  },
  get_config_value: (context) => {
    checkExposed(context);
    const section = param(context, "section");
    const option = param(context, "option");
    const value = context.store.config.get(section)?.get(option);
    if (value === undefined) fail(404, `Option [${section}/${option}] not found.`);
    return configAnswer(context, [[section, [[option, shown(section, option, value)]]]]);
  },
  get_plugins: (context) => {
    const items = context.store.plugins.map((plugin) => ({
      appbuilder_menu_items: [],
      appbuilder_views: [],
      external_views: [],
      fastapi_apps: [],
      fastapi_root_middlewares: [],
      flask_blueprints: [],
      global_operator_extra_links: [],
      listeners: plugin.listeners ?? [],
      macros: plugin.macros ?? [],
      name: plugin.name,
      operator_extra_links: plugin.operator_extra_links ?? [],
      react_apps: [],
      source: plugin.source ?? `$PLUGINS_FOLDER/${plugin.name}.py`,
      timetables: plugin.timetables ?? [],
    }));
    return listAnswer(context, items, { sortable: ["name"], defaultOrder: ["name"] });
  },
  import_errors: (context) => {
    const errors = context.store.pluginImportErrors.map((error) => ({
      error: error.error,
      source: error.source,
    }));
    return json({ import_errors: errors, total_entries: errors.length });
  },
  get_providers: (context) => {
    const items = context.store.providers.map((provider) => ({
      description: provider.description,
      documentation_url: provider.documentation_url ?? null,
      package_name: provider.package_name,
      version: provider.version,
    }));
    return listAnswer(context, items, {
      sortable: ["package_name"],
      defaultOrder: ["package_name"],
    });
  },
  get_jobs: (context) => {
    const jobs = [
      job(context, 1, "SchedulerJob"),
      job(context, 2, "TriggererJob"),
      job(context, 3, "DagProcessorJob"),
    ];
    return listAnswer(context, jobs, {
      aliases: {
        job_state: "state",
        is_alive: (item, value) => (item.state === "running") === value,
      },
      defaultOrder: ["id"],
    });
  },
  login: (context) => {
    const next = context.query.next as string | undefined;
    if (next === undefined) return redirect(LOGIN_PAGE);
    const target = new URL(next, context.request.url);
    if (target.origin !== new URL(context.request.url).origin) {
      fail(400, "Invalid or unsafe next URL");
    }
    return redirect(`${LOGIN_PAGE}?${new URLSearchParams({ next })}`);
  },
  logout: async (context) => {
    await context.tokens.revoke(context.request);
    return redirect(LOGIN_PAGE);
  },
};
