import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addCommands, COMMANDS } from './index.ts';

async function topLevelHelp(load: boolean): Promise<string> {
  const program = new Command('verilab');
  await addCommands(program, () => load);
  return program.helpInformation();
}

describe('lazily loaded commands', () => {
  it('list the help line each command registers when loaded', async () => {
    const listed = await topLevelHelp(false);
    expect(listed).toBe(await topLevelHelp(true));
    for (const command of COMMANDS) expect(listed).toContain(command.term);
  });

  it('each load the command of their name', async () => {
    for (const command of COMMANDS) {
      const program = new Command('verilab');
      (await command.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual([command.name]);
    }
  });
});
