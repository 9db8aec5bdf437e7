// The kith server every browser test runs against: one copy of starting and
// stopping it, shared by the *.test.mjs journeys.
import { spawn } from 'node:child_process'

// Starts `kith serve` on a free port and resolves with its address once it
// prints "Kith is running on http://HOST:PORT". options.today (YYYY-MM-DD)
// fixes the server's date with --today, for deadlines computed by hand;
// output() gives what the server has printed so far.
export function startServer (kith, db, options = {}) {
  const args = ['serve', '--db', db, '--port', '0']
  if (options.today) args.push('--today', options.today)
  const server = spawn(kith, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`kith serve did not start in 30 s:\n${output}`)), 30000)
    const read = chunk => {
      output += chunk
      const m = output.match(/Kith is running on (http:\/\/[\d.]+:\d+)/)
      if (m) {
        clearTimeout(timer)
        resolve({ server, base: m[1], output: () => output })
      }
    }
    server.stdout.on('data', read)
    server.stderr.on('data', read)
    server.on('exit', code => reject(new Error(`kith serve exited with ${code}:\n${output}`)))
  })
}

// Stops the server with SIGTERM and resolves with its exit code.
export function stopServer (server) {
  return new Promise(resolve => {
    if (server.exitCode !== null) return resolve(server.exitCode)
    server.once('exit', code => resolve(code))
    server.kill('SIGTERM')
  })
}
