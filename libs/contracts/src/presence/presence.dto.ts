/** An agent with the dashboard open is online, or away (stepped away, or the tab hidden a while). */
export const AGENT_PRESENCE_STATUSES = ['online', 'away'] as const;
export type AgentPresenceStatus = (typeof AGENT_PRESENCE_STATUSES)[number];

/** One person of the workspace with the dashboard open; people without it are not listed. */
export interface AgentPresenceDto {
  userId: string;
  displayName: string;
  /** Online when any of their dashboard tabs is online. */
  status: AgentPresenceStatus;
}
