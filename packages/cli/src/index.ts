import { runCli } from './cli';

await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  writeLine: (line) => {
    process.stdout.write(`${line}\n`);
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
});
