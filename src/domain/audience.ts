/**
 * Who reads a conversation. A personal chat is one person's; a group chat and a channel are read
 * by everyone in them, whatever their roles. A post meant for a role (the attendance team, the
 * DSL, senior leaders, a year) goes to a channel bound for it or to each holder's personal chat,
 * never to a group chat: a group chat's members are not a role, and the bot cannot know them.
 */
import type { Role, RoleGrant } from './access.ts';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** The kind of a Teams conversation, from its `conversationType` (and `isGroup` where older clients send only that). */
export function conversationKind(c: { readonly conversationType?: string | null; readonly isGroup?: boolean | null } | undefined): ConversationKind {
  if (c?.conversationType === 'channel') return 'channel';
  if (c?.conversationType === 'groupChat' || c?.isGroup === true) return 'groupChat';
  return 'personal';
}

/** Seen by more than one person: an answer for one reader goes privately instead. */
export const isShared = (k: ConversationKind): boolean => k !== 'personal';

/** May a role's posts be bound to it? A channel (its members are chosen for it) or a person's own chat, never a group chat. */
export const mayBindRolePosts = (k: ConversationKind): boolean => k !== 'groupChat';

export const GROUP_CHAT_REFUSAL = 'A group chat is read by everyone in it, whatever their role, so the school\'s posts never come here. Bind a channel of a team instead (`subscribe …` there), or let each person have their posts in their own chat with the bot.';

/** What a channel is bound for: whose posts come there. The one list every edge reads (zod, CLI, Teams, SQL). */
export const PURPOSES = ['attendance', 'dsl', 'senior', 'year'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const isPurpose = (s: string): s is Purpose => (PURPOSES as readonly string[]).includes(s);

/** Who holds each purpose's posts when no channel is bound (their personal chats, in Teams). */
export const PURPOSE_ROLES: Readonly<Record<Purpose, readonly Role[]>> = {
  attendance: ['attendance_officer'], dsl: ['dsl', 'deputy_dsl'], senior: ['senior_leader'], year: ['head_of_year'],
};

/** Is a purpose's post one this person holds (a year's: as head of that year)? What "my day" gives each person. */
export function holdsPurpose(grants: readonly RoleGrant[], purpose: Purpose, yearGroup?: number): boolean {
  return grants.some((g) => PURPOSE_ROLES[purpose].includes(g.role) && (purpose !== 'year' || g.yearGroup === yearGroup));
}
