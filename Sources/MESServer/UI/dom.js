// Small DOM helpers: elements from data, never from HTML strings (no injection of API text).

/** h('div', {class: 'x', onclick: f}, child, …): an element; children are nodes, text or arrays of them. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An SVG element (namespaced). */
export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes || {})) if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  for (const child of children.flat()) if (child !== undefined && child !== null) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

export function clear(element) { while (element.firstChild) element.firstChild.remove(); }

/** Replaces what `root` shows. */
export function show(root, ...children) {
  clear(root);
  append(root, children);
}

export function time(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

/** A form's error line, filled by `report(error)`. */
export function errorLine(id) { return h('div', { id, class: 'error', role: 'alert', hidden: true }); }

export function report(line, error) {
  line.textContent = error ? error.message : '';
  line.hidden = !error;
}
