/** Every socket of one visitor (all their tabs), whichever conversation they are in. */
export function visitorRoom(workspaceId: string, visitorId: string): string {
  return `workspace:${workspaceId}:visitor:${visitorId}`;
}

/** Every agent socket of one workspace. */
export function agentsRoom(workspaceId: string): string {
  return `workspace:${workspaceId}:agents`;
}

/** Every agent socket of one user (all their dashboard tabs), to end them when the user loses access. */
export function agentUserRoom(workspaceId: string, userId: string): string {
  return `workspace:${workspaceId}:agent:${userId}`;
}
