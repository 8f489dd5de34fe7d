import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time (ms) used so far by a process and every process under it, children that already
 * exited included (Linux /proc: utime + stime + cutime + cstime). Chromium prints in several
 * processes, one of them started for each print job: their CPU time per document is what a
 * document costs, whoever else waits for the cores (wall time on a shared machine counts the
 * waiting too). Null where /proc is not there.
 */
export function processTreeCpuMs(rootPid: number): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const processes = new Map<number, { parent: number; ticks: number }>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, …; utime is the 14th field overall.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      processes.set(Number(entry), { parent: Number(fields[1]), ticks });
    } catch {
      // The process ended while we looked.
    }
  }
  let ticks = 0;
  const visit = (pid: number) => {
    const process = processes.get(pid);
    if (!process) return;
    ticks += process.ticks;
    for (const [child, { parent }] of processes) if (parent === pid) visit(child);
  };
  visit(rootPid);
  // Linux reports in clock ticks of 1/100 s (USER_HZ).
  return ticks * 10;
}
