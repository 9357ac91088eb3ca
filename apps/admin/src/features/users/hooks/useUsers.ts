import type { UpdateUserRequest, UserDto } from '@neodesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createUser, listUsers, removeUser, updateUser, userKeys } from '../users-api';

export function useUsers() {
  return useQuery({ queryKey: userKeys.all, queryFn: listUsers });
}

/** What an admin did to a user, to say it (or why it failed) above the list. */
export interface UserChange {
  user: UserDto;
  changes: UpdateUserRequest;
}

export function useUserMutations() {
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries({ queryKey: userKeys.all });
  return {
    create: useMutation({ mutationFn: createUser, onSuccess: done }),
    update: useMutation({
      mutationFn: (change: UserChange) => updateUser(change.user.id, change.changes),
      onSettled: done,
    }),
    remove: useMutation({ mutationFn: (user: UserDto) => removeUser(user.id), onSettled: done }),
  };
}
