/** The benchmarks' one argument: how many games to measure (a positive integer), or exit 2 with the usage. */
export function gamesArgument(script: string, fallback: number): number {
  const games = Number(process.argv[2] ?? fallback);
  if (Number.isInteger(games) && games > 0) return games;
  process.stderr.write(`usage: npx tsx ${script} [games > 0]\n`);
  process.exit(2);
}
