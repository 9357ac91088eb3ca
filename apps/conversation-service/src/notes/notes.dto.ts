import { createNoteRequestSchema, noteListSchema, noteSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateNoteRequestDto extends createZodDto(createNoteRequestSchema) {}
export class NoteResponseDto extends createZodDto(noteSchema) {}
export class NoteListResponseDto extends createZodDto(noteListSchema) {}
