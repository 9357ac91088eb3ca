/** Every socket of one visitor (all their tabs), whichever conversation they are in. */
export function visitorRoom(workspaceId: string, visitorId: string): string {
  return `workspace:${workspaceId}:visitor:${visitorId}`;
}

/** Every agent socket of one workspace. */
export function agentsRoom(workspaceId: string): string {
  return `workspace:${workspaceId}:agents`;
}
