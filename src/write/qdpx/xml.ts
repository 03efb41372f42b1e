import { createHash } from 'node:crypto';

/** An XML element to print: attributes in the order given, then text or child elements. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number | boolean | undefined>;
  text?: string;
  children?: (XmlElement | undefined)[];
}

/** Prints an element tree, two spaces per level; attributes in the order given, so the same tree prints the same bytes. */
export function printXml(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  print(root, 0, lines);
  return lines.join('\n') + '\n';
}

function print(element: XmlElement, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  const children = (element.children ?? []).filter((child): child is XmlElement => child !== undefined);
  if (element.text !== undefined) lines.push(`${pad}<${element.name}${attributes}>${escapeXml(element.text)}</${element.name}>`);
  else if (children.length === 0) lines.push(`${pad}<${element.name}${attributes}/>`);
  else {
    lines.push(`${pad}<${element.name}${attributes}>`);
    for (const child of children) print(child, depth + 1, lines);
    lines.push(`${pad}</${element.name}>`);
  }
}

/**
 * Escapes markup, and replaces the characters XML 1.0 cannot hold at all (most
 * control characters, unpaired surrogates, U+FFFE/U+FFFF) with U+FFFD: a
 * transcript may carry them, a schema validator would reject the file.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    .replace(/\r/g, '&#13;');
}

/**
 * A GUID derived from what it names (`code`, `job.send-invoices`): the same
 * study exports the same GUIDs every time, so two exports are byte-identical
 * and a tool sees the same code as the same code. Shaped as a name-based
 * (version 5) UUID over SHA-1.
 */
export function guidOf(kind: string, id: string): string {
  const hex = createHash('sha1').update(`jobmap ${kind} ${id}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
