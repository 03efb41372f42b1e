import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitYaml } from '../src/write/yaml.js';

/** What a reader gets back: JSON's view of the value (undefined keys dropped, -0 read as 0). */
const asData = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('write: the YAML emitter', () => {
  it('prints a finding the way a reviewer reads it', () => {
    const text = emitYaml({
      id: 'p1#3.pain',
      quote: 'Honestly: it was a nightmare # every month',
      span: [9, 33],
      rules: ['pain.struggle'],
      confidence: 0.7,
      speakers: [{ name: 'Dana', role: 'participant' }],
      metadata: {},
    });
    expect(text).toBe(
      [
        'id: p1#3.pain',
        'quote: "Honestly: it was a nightmare # every month"',
        'span: [9, 33]',
        'rules:',
        '  - pain.struggle',
        'confidence: 0.7',
        'speakers:',
        '  - name: Dana',
        '    role: participant',
        'metadata: {}',
        '',
      ].join('\n'),
    );
  });

  it('quotes words another reader would take for booleans, numbers or null', () => {
    for (const word of ['yes', 'No', 'on', 'null', '~', '12', '0.5', '.inf', '1e3', '-', '- a', ': b', '', ' padded', '2024-01-31']) {
      expect(parse(emitYaml({ value: word }))).toEqual({ value: word });
      expect(emitYaml({ value: word })).toMatch(/^value: "/);
    }
  });

  it('reads back as the same data, whatever the strings and nesting', () => {
    const data = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(fc.string(), data), fc.array(data)), (value) => {
        expect(parse(emitYaml(value))).toEqual(asData(value));
      }),
      { numRuns: 400 },
    );
  });

  it('reads back strings of any Unicode, control characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(parse(emitYaml({ [a]: b, list: [a, b] }))).toEqual({ [a]: b, list: [a, b] });
      }),
      { numRuns: 400 },
    );
  });
});
