// Docker's view of a container's CPU limit, through its update API (what `docker update` does), so that
// `docker inspect` and a restart agree with the kernel. Each call is one HTTP request on the socket
// (dockerode keeps no connection), so a daemon that went away and came back is simply used again.
import Docker from 'dockerode';

/** Docker computes a --cpus (NanoCpus) limit against this period; such a limit cannot have another. */
const NANO_CPUS_PERIOD_US = 100_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface DockerCpuLimit {
  /** null: no limit. */
  quotaUs: number | null;
  periodUs: number;
  /** Set with `docker run --cpus` (HostConfig.NanoCpus): Docker then keeps the period at 100000 µs. */
  viaNanoCpus: boolean;
}

export interface DockerCpuUpdate {
  /** The limit the container's cgroup should hold after the update. */
  limit: { quotaUs: number | null; periodUs: number };
  /** The HostConfig fields sent to Docker. */
  sent: Record<string, number>;
  /** What the user should know when Docker could not take the limit exactly as asked. */
  note?: string;
}

/** The little of Docker that Cgroup Lens uses. */
export interface DockerEngine {
  /** Where Docker is expected (for messages): a socket path or DOCKER_HOST. */
  readonly endpoint: string;
  ping(): Promise<void>;
  inspectCpuLimit(containerId: string): Promise<DockerCpuLimit>;
  updateCpuLimit(containerId: string, quotaUs: number | null, periodUs: number): Promise<DockerCpuUpdate>;
}

export type DockerErrorReason = 'unreachable' | 'no-such-container' | 'refused';

/** A Docker call that failed; `message` is for the user as it stands. */
export class DockerError extends Error {
  constructor(
    message: string,
    readonly reason: DockerErrorReason,
  ) {
    super(message);
    this.name = 'DockerError';
  }
}

export function shortContainerId(containerId: string): string {
  return containerId.slice(0, 12);
}

/** The engine named by DOCKER_HOST (unix://, tcp://), or the local socket /var/run/docker.sock. */
export function createDockerEngine(env: NodeJS.ProcessEnv = process.env): DockerEngine {
  const host = env.DOCKER_HOST;
  if (host === undefined || host === '') return new DockerodeEngine({ socketPath: '/var/run/docker.sock' });
  if (host.startsWith('unix://')) {
    return new DockerodeEngine({ socketPath: host.slice('unix://'.length) || '/var/run/docker.sock' });
  }
  return new DockerodeEngine({}, host);
}

interface HostConfigCpu {
  NanoCpus?: number;
  CpuQuota?: number;
  CpuPeriod?: number;
}

class DockerodeEngine implements DockerEngine {
  readonly endpoint: string;
  private client: Docker | undefined;

  /** `options` empty: dockerode reads DOCKER_HOST and the DOCKER_TLS_* variables itself. */
  constructor(
    private readonly options: { socketPath?: string },
    host?: string,
  ) {
    this.endpoint = options.socketPath ?? host ?? 'DOCKER_HOST';
  }

  async ping(): Promise<void> {
    await this.call(undefined, (docker) => docker.ping());
  }

  async inspectCpuLimit(containerId: string): Promise<DockerCpuLimit> {
    return limitOf(await this.hostConfig(containerId));
  }

  /**
   * Docker refuses CpuQuota/CpuPeriod on a container started with --cpus (NanoCpus), and NanoCpus 0 in an
   * update means "unchanged", so such a container keeps its NanoCpus and gets a new one. Nor can an update
   * remove NanoCpus: "no limit" becomes all of the daemon's CPUs (the most --cpus allows). Elsewhere
   * CpuQuota -1 means no limit (0 means "unchanged").
   */
  async updateCpuLimit(
    containerId: string,
    quotaUs: number | null,
    periodUs: number,
  ): Promise<DockerCpuUpdate> {
    const current = await this.hostConfig(containerId);
    const nanoCpus = current.NanoCpus ?? 0;
    if (nanoCpus <= 0) {
      const sent = { CpuQuota: quotaUs ?? -1, CpuPeriod: periodUs };
      await this.update(containerId, sent);
      return { limit: { quotaUs, periodUs }, sent };
    }
    if (current.CpuQuota === -1) {
      // --cpus with --cpu-quota -1: the kernel has no limit, and Docker accepts no change that would
      // survive a restart (CpuQuota may not become positive, and -1 wins over NanoCpus at start).
      if (quotaUs === null) return { limit: { quotaUs: null, periodUs: NANO_CPUS_PERIOD_US }, sent: {} };
      throw new DockerError(
        `Container ${shortContainerId(containerId)} has both --cpus and --cpu-quota -1 in Docker's settings; ` +
          'Docker allows no update of them that survives a restart. Recreate the container with the limit.',
        'refused',
      );
    }
    let note: string | undefined;
    let wanted: number;
    if (quotaUs === null) {
      const cpus = await this.onlineCpus();
      wanted = cpus * 1e9;
      note =
        `Docker cannot remove a --cpus limit with an update; it now allows all ${cpus} CPUs of the host ` +
        '(--cpus ' +
        String(cpus) +
        ').';
    } else {
      wanted = Math.round((quotaUs * 1e9) / periodUs);
      if (periodUs !== NANO_CPUS_PERIOD_US) {
        note = `Docker keeps the period of a --cpus limit at ${NANO_CPUS_PERIOD_US} µs; the number of CPUs is as asked.`;
      }
    }
    const sent = { NanoCpus: wanted };
    await this.update(containerId, sent);
    return {
      limit: { quotaUs: quotaOfNanoCpus(wanted), periodUs: NANO_CPUS_PERIOD_US },
      sent,
      ...(note ? { note } : {}),
    };
  }

  private async hostConfig(containerId: string): Promise<HostConfigCpu> {
    const info = await this.call(containerId, (docker) => docker.getContainer(containerId).inspect());
    return info.HostConfig;
  }

  private async update(containerId: string, body: Record<string, number>): Promise<void> {
    await this.call(
      containerId,
      (docker) => docker.getContainer(containerId).update(body) as Promise<unknown>,
    );
  }

  private async onlineCpus(): Promise<number> {
    const info = (await this.call(undefined, (docker) => docker.info() as Promise<unknown>)) as {
      NCPU?: number;
    };
    return info.NCPU ?? 1;
  }

  /** One request, with every failure turned into a DockerError that says what happened. */
  private async call<T>(
    containerId: string | undefined,
    request: (docker: Docker) => Promise<T>,
  ): Promise<T> {
    let docker: Docker;
    try {
      docker = this.client ??= new Docker({ ...this.options, timeout: REQUEST_TIMEOUT_MS });
    } catch (error) {
      throw new DockerError(`Docker's address is not usable (${messageOf(error)}).`, 'unreachable');
    }
    try {
      return await request(docker);
    } catch (error) {
      throw this.explain(error, containerId);
    }
  }

  private explain(error: unknown, containerId: string | undefined): DockerError {
    const { statusCode, json, code } = error as {
      statusCode?: number;
      json?: { message?: string };
      code?: string;
    };
    if (statusCode === 404 && containerId !== undefined) {
      return new DockerError(
        `No such container ${shortContainerId(containerId)} (it may have just stopped).`,
        'no-such-container',
      );
    }
    if (statusCode !== undefined) {
      return new DockerError(`Docker refused: ${json?.message?.trim() ?? messageOf(error)}`, 'refused');
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return new DockerError(
        `Docker at ${this.endpoint} does not let this user in (permission denied: its socket needs root or the docker group).`,
        'unreachable',
      );
    }
    if (code === 'ECONNRESET') {
      return new DockerError(
        `Docker at ${this.endpoint} closed the connection (no answer within ${REQUEST_TIMEOUT_MS / 1000} s, or it stopped).`,
        'unreachable',
      );
    }
    return new DockerError(`Docker is not running at ${this.endpoint} (${messageOf(error)}).`, 'unreachable');
  }
}

/** Docker's own arithmetic: quota = NanoCpus × 100000 / 1e9, truncated. */
function quotaOfNanoCpus(nanoCpus: number): number {
  return Math.trunc((nanoCpus * NANO_CPUS_PERIOD_US) / 1e9);
}

function limitOf(config: HostConfigCpu): DockerCpuLimit {
  const nanoCpus = config.NanoCpus ?? 0;
  const quota = config.CpuQuota ?? 0;
  if (nanoCpus > 0) {
    return {
      quotaUs: quota === -1 ? null : quotaOfNanoCpus(nanoCpus),
      periodUs: NANO_CPUS_PERIOD_US,
      viaNanoCpus: true,
    };
  }
  const periodUs =
    config.CpuPeriod !== undefined && config.CpuPeriod > 0 ? config.CpuPeriod : NANO_CPUS_PERIOD_US;
  return { quotaUs: quota > 0 ? quota : null, periodUs, viaNanoCpus: false };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
