import { HTTP_METHODS, type OpenApiDocument, type Operation, type Parameter, type Reference, type RequestBody } from './openapi.types.js';

/**
 * The API reference as one HTML page, rendered on the server from the document itself: no
 * script and nothing loaded from elsewhere, so it works offline (a strict Content-Security-Policy
 * only drops its inline style) and can never say something the document does not.
 */
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const code = (text: string): string => `<code>${escape(text)}</code>`;
const refName = (item: { $ref?: string }): string | null => item.$ref?.split('/').pop() ?? null;

function resolved<T>(doc: OpenApiDocument, item: T | Reference): T {
  const name = refName(item as Reference);
  if (!name) return item as T;
  const kind = (item as Reference).$ref.split('/')[2] as keyof OpenApiDocument['components'];
  return (doc.components[kind] as Record<string, unknown>)[name] as T;
}

function parameterRows(doc: OpenApiDocument, operation: Operation): string {
  const rows = (operation.parameters ?? []).map((item) => resolved<Parameter>(doc, item));
  if (rows.length === 0) return '';
  const cells = rows.map((p) => `<tr><td>${code(p.name)}</td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escape(p.description)}</td></tr>`);
  return `<table><tr><th>parameter</th><th>in</th><th>required</th><th></th></tr>${cells.join('')}</table>`;
}

function bodyLine(body: RequestBody | undefined): string {
  if (!body) return '';
  const schema = Object.values(body.content)[0]?.schema ?? {};
  const name = refName(schema);
  return `<p>Body${body.required ? '' : ' (optional)'}: ${name ? `<a href="#schema-${escape(name)}">${escape(name)}</a>` : 'JSON'}. ${escape(body.description)}</p>`;
}

function operationSection(doc: OpenApiDocument, method: string, path: string, operation: Operation): string {
  const access = operation.security.length === 0 ? 'no key' : operation['x-roles'] ? `key of role ${operation['x-roles'].join(', ')}` : 'signed';
  const answers = Object.entries(operation.responses).map(([status, item]) => `<li>${status}: ${escape(resolved(doc, item).description)}</li>`);
  return [
    `<section id="${escape(operation.operationId)}"><h3><span class="m">${method.toUpperCase()}</span> ${code(path)}</h3>`,
    `<p><b>${escape(operation.summary)}</b> (${escape(access)})</p>`,
    operation.description ? `<p>${escape(operation.description)}</p>` : '',
    parameterRows(doc, operation),
    bodyLine(operation.requestBody),
    `<ul>${answers.join('')}</ul></section>`,
  ].join('\n');
}

export function referencePage(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => HTTP_METHODS.filter((m) => item[m]).map((m) => ({ method: m, path, operation: item[m] as Operation })));
  const byTag = doc.tags.map((tag) => {
    const own = operations.filter(({ operation }) => operation.tags[0] === tag.name);
    return own.length === 0 ? '' : `<h2 id="tag-${escape(tag.name)}">${escape(tag.name)}</h2><p>${escape(tag.description)}</p>${own.map((o) => operationSection(doc, o.method, o.path, o.operation)).join('\n')}`;
  });
  const schemas = Object.entries(doc.components.schemas).map(([name, schema]) => `<h3 id="schema-${escape(name)}">${escape(name)}</h3><pre>${escape(JSON.stringify(schema, null, 2))}</pre>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)} ${escape(doc.info.version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code,pre{font:13px ui-monospace,monospace}pre{background:#f4f4f4;padding:.5rem;overflow:auto}section{border-top:1px solid #ddd;padding-top:.5rem}.m{font:bold 13px ui-monospace,monospace}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}</style>
</head><body>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI ${escape(doc.openapi)}).</p>
<pre>${escape(doc.info.description)}</pre>
<nav><ul>${doc.tags.map((tag) => `<li><a href="#tag-${escape(tag.name)}">${escape(tag.name)}</a></li>`).join('')}<li><a href="#schemas">schemas</a></li></ul></nav>
${byTag.join('\n')}
<h2 id="schemas">Schemas</h2>
${schemas.join('\n')}
</body></html>
`;
}
