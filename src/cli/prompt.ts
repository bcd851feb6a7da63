// Interactive questions, asked only when stdin is a terminal.
import { createInterface } from 'node:readline/promises'

/** Asks whether to trust a host key seen for the first time. */
export async function confirmHostKey(fingerprint: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await rl.question(`The host presents key ${fingerprint}, not seen before. Trust it? [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
