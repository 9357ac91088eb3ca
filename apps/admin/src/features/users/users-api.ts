import type { CreateUserRequest, RemovedUserDto, UpdateUserRequest, UserDto } from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

export const userKeys = { all: ['users'] as const };

export async function listUsers(): Promise<UserDto[]> {
  return (await apiFetch<{ data: UserDto[] }>('/api/v1/users')).data;
}

export function createUser(input: CreateUserRequest): Promise<UserDto> {
  return apiFetch<UserDto>('/api/v1/users', { method: 'POST', body: jsonBody(input) });
}

export function updateUser(id: string, changes: UpdateUserRequest): Promise<UserDto> {
  return apiFetch<UserDto>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: jsonBody(changes) });
}

export function removeUser(id: string): Promise<RemovedUserDto> {
  return apiFetch<RemovedUserDto>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
