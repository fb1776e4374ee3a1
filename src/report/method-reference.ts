import type { AnyMethodDefinition } from '../../actors/method-definition.ts';

/**
 * docs/methods.md, written from the method definitions (`npm run docs` writes it; a test fails
 * when it is out of date): every method's rule, its parameters with their defaults, its
 * time-complexity bound and its paper.
 */
export function methodReference(methods: readonly AnyMethodDefinition[]): string {
  const lines = [
    '# Methods',
    '',
    '<!-- Written from the method definitions in actors/ by `npm run docs`; edit those, not this file. -->',
    '',
    'Every method roundtable runs, with its rule, its parameters and the time complexity its paper',
    'proves. A parameter whose default reads "none" is required, and the text says why it has no',
    'default. Bounds are in units of LΔ/ε with constants dropped, as in the papers\' tables (see',
    '[theory.md](theory.md) for the symbols and for what the tags mean); `s` = σ²/ε.',
    '',
    'Confidence tags: **[V]** verified against the paper or the authors\' code; **[V-code]** as the',
    'authors\' public code does it; **[R]** reconstructed from a secondary source (the constant is a',
    'parameter); **[D]** a design decision of roundtable where the paper is silent (a parameter too).',
    '',
    '| id | method | what it is for |',
    '|---|---|---|',
    ...methods.map((m) => `| [\`${m.id}\`](#${anchor(m.id)}) | ${m.title} | ${escapeCell(m.summary)} |`),
    '',
  ];
  for (const method of methods) {
    lines.push(`## ${method.id}`, '', `**${method.title}.** ${method.rule}`, '');
    if (method.decentralized === true) lines.push('Decentralized: runs on the scenario\'s `topology` (no server; the iterate lives at the pivot).', '');
    lines.push('| parameter | meaning | default |', '|---|---|---|');
    for (const p of method.parameters) lines.push(`| \`${p.name}\` | ${escapeCell(p.meaning)} | ${escapeCell(p.default)} |`);
    lines.push('');
    const bound = method.bound;
    if (bound === undefined) lines.push('Time complexity: none is shown (no verified bound for this method).');
    else lines.push(`Time complexity: \`${bound.formula}\` ${bound.status} — ${describeScope(bound.communication, bound.data)}.`);
    lines.push('', `Source: ${method.source}.`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function describeScope(communication: string, data: string): string {
  const links: Record<string, string> = {
    free: 'proved with free communication',
    any: 'covers per-float link costs, and reduces to the compute-only bound on free links',
    modelled: 'a bound about communication, shown when links cost something',
    graph: 'over the scenario\'s graph (τ_{i→j}: shortest-path times of a d-float vector)',
  };
  return `${links[communication] ?? communication}; ${data === 'homogeneous' ? 'for homogeneous data' : 'for homogeneous or heterogeneous data'}`;
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
