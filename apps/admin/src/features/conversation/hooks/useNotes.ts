import type { NoteDto } from '@neodesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiFetch, jsonBody } from '../../../shared/api/api-client';
import { useRealtime } from '../../realtime/hooks/useRealtime';
import { conversationKeys } from '../conversation-keys';

function addNote(notes: NoteDto[] | undefined, note: NoteDto): NoteDto[] | undefined {
  if (notes === undefined || notes.some((existing) => existing.id === note.id)) {
    return notes;
  }
  return [...notes, note];
}

/** A conversation's private notes; other agents' new notes arrive live (`note:new`). */
export function useNotes(conversationId: string) {
  const queryClient = useQueryClient();
  const { socket } = useRealtime();
  useEffect(() => {
    const onNote = (note: NoteDto) => {
      queryClient.setQueryData<NoteDto[]>(conversationKeys.notes(note.conversationId), (notes) => addNote(notes, note));
    };
    socket.on('note:new', onNote);
    return () => {
      socket.off('note:new', onNote);
    };
  }, [socket, queryClient]);
  return useQuery({
    queryKey: conversationKeys.notes(conversationId),
    queryFn: async () =>
      (await apiFetch<{ data: NoteDto[] }>(`/api/v1/conversations/${encodeURIComponent(conversationId)}/notes`)).data,
  });
}

export function useAddNote(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      apiFetch<NoteDto>(`/api/v1/conversations/${encodeURIComponent(conversationId)}/notes`, {
        method: 'POST',
        body: jsonBody({ text }),
      }),
    onSuccess: (note) => {
      queryClient.setQueryData<NoteDto[]>(conversationKeys.notes(conversationId), (notes) => addNote(notes, note));
    },
  });
}
