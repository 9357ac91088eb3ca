/** Password length bounds for every user account (the service checks them too). */
export const USER_PASSWORD_LIMITS = { min: 12, max: 256 } as const;
/** Something@something: the address is checked by sending mail to it, not by a pattern. */
export const USER_EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,189}$/;
/** Longest e-mail address accepted (RFC 5321's path limit). */
export const MAX_USER_EMAIL_LENGTH = 254;
export const MAX_USER_DISPLAY_NAME = 120;

export const USER_REMOVAL_OUTCOMES = ['deleted', 'deactivated'] as const;
export type UserRemovalOutcome = (typeof USER_REMOVAL_OUTCOMES)[number];
