// A small argv parser: positionals, `--flag`, `--name value` and `--name=value`. The CLI has few
// options, so a dependency would cost more than it saves.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  positionals: string[];
  /** Options with values (`--depth 2`). */
  values: Map<string, string>;
  /** Options without values (`--json`). */
  flags: Set<string>;
}

/**
 * Parses arguments against the known option names. `valueOptions` take a value; `flagOptions` do not.
 * Unknown options are usage errors, so a typo never silently changes what a command does.
 */
export function parseArgs(
  argv: string[],
  valueOptions: readonly string[],
  flagOptions: readonly string[],
): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-' && arg !== '-h') throw new UsageError(`Unknown option ${arg}.`);
      if (arg === '-h') parsed.flags.add('help');
      else parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    if (valueOptions.includes(name)) {
      const value = equals >= 0 ? arg.slice(equals + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      parsed.values.set(name, value);
    } else if (flagOptions.includes(name)) {
      if (equals >= 0) throw new UsageError(`--${name} takes no value.`);
      parsed.flags.add(name);
    } else {
      throw new UsageError(`Unknown option --${name}.`);
    }
  }
  return parsed;
}

/** A non-negative integer option, or undefined when absent. */
export function integerOption(args: ParsedArgs, name: string): number | undefined {
  const text = args.values.get(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a non-negative integer, not "${text}".`);
  return Number(text);
}
