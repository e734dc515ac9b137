import { connect, type Socket } from 'node:net';

/**
 * Attaches this terminal to a `hook()` prompt served on a Unix socket (`HOOKLINE_HOOK=socket`):
 * from a terminal, with the handshake that gets line editing, completion and colours, keys passed
 * as typed (raw mode: Ctrl+C reaches the prompt, Ctrl+D resumes the program); from a pipe, line
 * by line. Resolves to the exit code when the prompt closes the connection (the program resumed).
 */
export async function attachToSocket(path: string): Promise<number> {
  const socket = await connected(path);
  const { stdin, stdout } = process;
  const terminal = stdin.isTTY === true && stdout.isTTY === true;
  if (terminal) {
    const handshake = {
      hookline: 1,
      terminal: true,
      columns: stdout.columns,
      colors: stdout.hasColors(),
    };
    socket.write(`${JSON.stringify(handshake)}\n`);
    stdin.setRawMode(true);
  }
  socket.pipe(stdout, { end: false });
  if (terminal) stdin.pipe(socket);
  else feedLines(stdin, socket);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  stdin.unpipe(socket);
  if (terminal) stdin.setRawMode(false);
  // Nothing more is read: the process may end while stdin stays open.
  stdin.pause();
  stdin.unref?.();
  return 0;
}

/** The plain prompt's prompt string: a line may be sent once it shows. */
const PROMPT = '> ';

/**
 * Input from a pipe (`echo 'x' | hookline attach …`), sent a line at a time, each once the prompt
 * asks for one, as a person types — sent all at once, lines could reach the hook before its prompt
 * reads them, and the end of input, which resumes the program, before they were evaluated. The
 * connection is ended once the last line's answer has come back.
 */
function feedLines(input: NodeJS.ReadableStream, socket: Socket): void {
  const lines: string[] = [];
  let partial = '';
  let inputEnded = false;
  let prompted = false;
  const next = () => {
    if (!prompted) return;
    const line = lines.shift();
    if (line !== undefined) {
      prompted = false;
      socket.write(`${line}\n`);
    } else if (inputEnded) {
      socket.end();
    }
  };
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    next();
  });
  input.once('end', () => {
    if (partial !== '') lines.push(partial);
    inputEnded = true;
    next();
  });
  let shown = '';
  socket.on('data', (chunk: Buffer) => {
    shown = (shown + chunk.toString('utf8')).slice(-PROMPT.length);
    if (shown === PROMPT) {
      prompted = true;
      next();
    }
  });
}

function connected(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path, () => {
      socket.off('error', refuse);
      resolve(socket);
    });
    const refuse = (error: NodeJS.ErrnoException) => reject(new Error(refusal(path, error)));
    socket.once('error', refuse);
  });
}

/** Why a socket could not be attached to, and what to do. */
function refusal(path: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
      return `no hook() is waiting on ${path} (${error.code}): the program went on or ended, or the path is mistyped. Copy the path from the program's "is waiting on socket" line`;
    case 'EACCES':
    case 'EPERM':
      return `${path} is not yours to connect to (${error.code}): a hook's socket is open to the user who runs the program only. Attach as that user`;
    case 'ENOTSOCK':
      return `${path} is no socket (${error.code}): give the path a hook() printed, or a process id`;
    default:
      return `could not connect to ${path}: ${error.message}`;
  }
}
