/**
 * A template's values as the surface readers see them: parameters and variables in scope, and
 * lazy views that evaluate a field's expression when (and only when) a reader touches it, with
 * ARM's case-insensitive property names. Untouched fields, and Pulumi's preview-time unknowns in
 * them, are never read.
 */
import { copyLoopNamed, evaluateString, Lookup, PARAMETER_FIX, propertyCopyValues, Scope, TemplateText } from "./expressions";
import { fieldPath, getKey, lookupKey } from "./keys";

/** Given parameter values: `undefined` when the deployment gives none for `name`. */
export type GivenParameters = (name: string) => Lookup | undefined;

/** Resolves a node (data, or template text) until it is not template text holding an expression string. */
export function resolveNode(node: unknown, field: string): unknown {
  let v = node;
  for (let i = 0; v instanceof TemplateText && typeof v.raw === "string"; i++) v = evaluateString(v.raw, v.scope, field, i);
  return v instanceof TemplateText && (v.raw === null || typeof v.raw !== "object") ? v.raw : v;
}

/** The member `key` of a node (case-insensitive), still lazy; `undefined` when absent. */
export function nodeChild(node: unknown, key: string, field: string): unknown {
  const v = resolveNode(node, field);
  if (v instanceof TemplateText) {
    const hit = lookupKey(v.raw, key, field);
    return hit.found ? new TemplateText(hit.value, v.scope) : undefined;
  }
  return getKey(v, key, field);
}

/** A read-only view of a node: scalars as they are, objects and arrays as evaluating proxies. */
export function view(node: unknown, field: string): unknown {
  const v = resolveNode(node, field);
  if (v instanceof TemplateText) return proxy(v.raw as object, field, v);
  return v !== null && typeof v === "object" ? proxy(v, field, undefined) : v;
}

function proxy(target: object, field: string, text: TemplateText | undefined): unknown {
  const wrap = (value: unknown, sub: string): unknown => view(text ? new TemplateText(value, text.scope) : value, sub);
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === "symbol") return Reflect.get(t, prop, receiver);
      if (Array.isArray(t)) return /^\d+$/.test(prop) ? wrap(t[Number(prop)], fieldPath(field, Number(prop))) : Reflect.get(t, prop, receiver);
      const sub = fieldPath(field, prop);
      const hit = lookupKey(t, prop, sub);
      if (hit.found) return wrap(hit.value, sub);
      // A property copy loop (`"copy": [{"name": prop, "count": …, "input": …}]`) makes the property.
      const loop = text ? copyLoopNamed(t, prop, field) : undefined;
      return text && loop !== undefined ? view(propertyCopyValues(loop, text.scope, sub), sub) : undefined;
    },
  });
}

/**
 * The scope of a template: parameter values the deployment gives (`given`), else the template's
 * `defaultValue`s; variables (and variable copy loops) from the template.
 */
export function templateScope(template: unknown, given: GivenParameters): Scope {
  const scope: Scope = {
    loops: [],
    parameter(name) {
      const g = given(name);
      if (g) return g;
      const declared = getKey(getKey(template, "parameters", "parameters"), name, `parameters.${name}`);
      const dflt = lookupKey(declared, "defaultValue", `parameters.${name}`);
      if (dflt.found) return { found: true, value: new TemplateText(dflt.value, scope) };
      // A nullable parameter (languageVersion 2.0 / Bicep `type?`) without a value is null.
      if (getKey(declared, "nullable", `parameters.${name}`) === true) return { found: true, value: null };
      return {
        found: false,
        why:
          declared === undefined
            ? `the template declares no parameter '${name}'`
            : `the parameter '${name}' has no value here and no defaultValue (the value is given at deployment)`,
        fix: PARAMETER_FIX,
      };
    },
    variable(name) {
      const variables = getKey(template, "variables", "variables");
      const hit = lookupKey(variables, name, `variables.${name}`);
      if (hit.found && name.toLowerCase() !== "copy") return { found: true, value: new TemplateText(hit.value, scope) };
      const loop = copyLoopNamed(variables, name, "variables");
      if (loop !== undefined) return { found: true, value: propertyCopyValues(loop, scope, `variables.${name}`) };
      return { found: false, why: `the template defines no variable '${name}'`, fix: "Define the variable." };
    },
  };
  return scope;
}

/**
 * Given values from a deployment's `parameters` object (`{name: {value}}` or a Key Vault
 * `{reference}`); `parameters` is a node (literal data at the top, outer-scope text when nested).
 */
export function givenParameters(parameters: unknown, parametersLink: boolean): GivenParameters {
  return (name) => {
    if (parametersLink)
      return {
        found: false,
        why: `the parameter '${name}' may come from a parametersLink, which the reader cannot fetch`,
        fix: "Pass the parameters inline (properties.parameters) instead of a parametersLink.",
      };
    const field = `parameters.${name}`;
    const entry = nodeChild(parameters, name, field);
    if (entry === undefined) return undefined;
    const value = nodeChild(entry, "value", field);
    if (value !== undefined) return { found: true, value };
    if (nodeChild(entry, "reference", field) !== undefined)
      return {
        found: false,
        why: `the parameter '${name}' is a Key Vault reference, which the reader cannot read`,
        fix: "Pass the value itself for the check (e.g. `check --parameters name=value`).",
      };
    return { found: false, why: `the parameter '${name}' is given without a value`, fix: PARAMETER_FIX };
  };
}

/** Whether a node is present and not null (for `templateLink`, `parametersLink`). */
export function present(node: unknown): boolean {
  const v = node instanceof TemplateText ? node.raw : node;
  return v !== undefined && v !== null;
}
