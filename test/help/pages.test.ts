/**
 * Every operation of the three models, every waiter and every own command has a help page:
 * a description, a sentence for each of its options (every input member the CLI shows, every
 * flag commander defines), at least one example, and nothing documented that does not exist.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceModel, ServiceName, Shape } from '../../src/model/types.js';
import type { OperationHelp, ServiceHelp } from '../../src/help/types.js';
import { help as sqsHelp } from '../../src/help/sqs.js';
import { help as snsHelp } from '../../src/help/sns.js';
import { help as kinesisHelp } from '../../src/help/kinesis.js';
import { loadModelSync } from '../cli/args/model.js';

const SERVICES: Partial<Record<ServiceName, ServiceHelp>> = { sqs: sqsHelp, sns: snsHelp, kinesis: kinesisHelp };

/** The paths a page may document for a shape: "Entries", "Entries.Id", "MessageAttributes.key", ... */
function memberPaths(model: ServiceModel, shapeName: string, prefix: string, seen: string[] = []): string[] {
  const shape: Shape | undefined = model.shapes[shapeName];
  if (!shape || seen.includes(shapeName)) return [];
  const inner = [...seen, shapeName];
  if (shape.type === 'structure') {
    return Object.entries(shape.members ?? {}).flatMap(([m, ref]) => {
      const path = prefix ? `${prefix}.${m}` : m;
      return [path, ...memberPaths(model, ref.shape, path, inner)];
    });
  }
  if (shape.type === 'list') return memberPaths(model, shape.member!.shape, prefix, inner);
  if (shape.type === 'map') return [`${prefix}.key`, ...memberPaths(model, shape.value!.shape, prefix, inner)];
  return [];
}

function checkPage(model: ServiceModel, opName: string, page: OperationHelp | undefined): void {
  expect(page, `${model.service} ${opName} has a page`).toBeDefined();
  const op = model.operations[opName]!;
  expect(page!.description.trim().length, `${opName}: description`).toBeGreaterThan(40);
  for (const arg of op.args.filter((a) => !a.hidden)) {
    expect(page!.options[arg.member]?.trim(), `${opName}: --${arg.name} (${arg.member}) is documented`).toBeTruthy();
  }
  const inputs = new Set(op.input ? memberPaths(model, op.input, '') : []);
  for (const key of Object.keys(page!.options)) expect(inputs.has(key), `${opName}: options.${key} is an input member`).toBe(true);
  const outputs = new Set(op.output ? memberPaths(model, op.output, '') : []);
  for (const key of Object.keys(page!.output ?? {})) expect(outputs.has(key), `${opName}: output.${key} is an output member`).toBe(true);
  expect(page!.examples.length, `${opName}: an example`).toBeGreaterThan(0);
  for (const ex of page!.examples) expect(ex.command, `${opName}: examples run awsmsg`).toMatch(/(^|\$\(|; )awsmsg /);
}

describe('every operation has a page', () => {
  for (const [service, pages] of Object.entries(SERVICES) as [ServiceName, ServiceHelp][]) {
    const model = loadModelSync(service);
    it(`${service}: ${Object.keys(model.operations).length} operations`, () => {
      expect(pages.about.trim().length).toBeGreaterThan(40);
      for (const opName of Object.keys(model.operations)) checkPage(model, opName, pages.pages[opName]);
      for (const name of Object.keys(pages.pages)) expect(model.operations[name], `${name} is an operation`).toBeDefined();
    });
    if (Object.keys(model.waiters).length) {
      it(`${service}: every waiter`, () => {
        for (const name of Object.keys(model.waiters)) {
          const page = pages.waiters?.[name];
          expect(page?.description.trim(), `${name} has a description`).toBeTruthy();
          expect(page?.examples.length, `${name} has an example`).toBeGreaterThan(0);
        }
      });
    }
  }
});

describe('every own command has a page', () => {
  it('with a description, every option and argument explained, and an example', async () => {
    const { pages } = await import('../../src/help/own.js');
    const { ownCommand, listedOwnCommands } = await import('../../src/cli/commands/names.js');
    const { commandFor } = await import('../../src/cli/commands/index.js');
    const env = { io: { out: () => undefined, err: () => undefined } } as never;
    const keys: string[] = [];
    for (const key of listedOwnCommands()) {
      const mod = await ownCommand(key)!.load();
      const cmd = mod.define ? commandFor(key, mod, env) : undefined;
      const targets = cmd ? [[key, cmd] as const, ...cmd.commands.map((c) => [`${key} ${c.name()}`, c] as const)] : [[key, undefined] as const];
      for (const [name, c] of targets) {
        keys.push(name);
        const page = pages[name];
        expect(page, `${name} has a page`).toBeDefined();
        expect(page!.description.trim().length, `${name}: description`).toBeGreaterThan(40);
        expect(page!.examples.length, `${name}: an example`).toBeGreaterThan(0);
        const defined = c ? [...c.options.map((o) => o.long!), ...c.registeredArguments.map((a) => a.name())] : [];
        if (!c) expect(page!.flags?.length, `${name}: its flags are listed`).toBeGreaterThan(0);
        for (const d of defined) expect(page!.options[d]?.trim(), `${name}: ${d} is explained`).toBeTruthy();
        for (const k of Object.keys(page!.options)) expect(defined, `${name}: options.${k} exists`).toContain(k);
        for (const ex of page!.examples) expect(ex.command, `${name}: examples run awsmsg`).toMatch(/(^|\$\(|; )awsmsg /);
      }
    }
    expect(Object.keys(pages).sort()).toEqual(keys.sort());
  });
});
