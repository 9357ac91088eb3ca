import type { AuthUserDto, LoginResponseDto } from '@neodesk/contracts';

/** The signed-in agent: tokens of `POST /api/v1/auth/login` (or the last refresh) and who they belong to. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  accessExpiresAt: number;
  user: AuthUserDto;
}

const STORAGE_KEY = 'neodesk:admin:session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function readStorage(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw === null ? null : (JSON.parse(raw) as Session);
  } catch {
    return null;
  }
}

function emit(): void {
  listeners.forEach((listener) => listener());
}

// Another tab logged in, refreshed or logged out: every tab follows.
window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) {
    cached = readStorage();
    emit();
  }
});

/** The session kept in localStorage (so a reload stays signed in), shared by the tabs of this browser. */
export const sessionStore = {
  get: (): Session | null => {
    if (cached === undefined) {
      cached = readStorage();
    }
    return cached;
  },

  set: (session: Session | null): void => {
    cached = session;
    if (session === null) {
      localStorage.removeItem(STORAGE_KEY);
    } else {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    }
    emit();
  },

  /** Re-reads storage (another tab may have refreshed the tokens while this one waited for the lock). */
  reload: (): Session | null => {
    cached = readStorage();
    return cached;
  },

  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function sessionFromLogin(answer: LoginResponseDto): Session {
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    accessExpiresAt: Date.now() + answer.expiresIn * 1000,
    user: answer.user,
  };
}
