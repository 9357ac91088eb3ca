import type { HfTokenizer } from './tokenizers-module';

export const END_OF_TEXT = '<|endoftext|>';

export type ChatSpeaker = 'customer' | 'agent';

export interface ChatTurn {
  readonly speaker: ChatSpeaker;
  readonly text: string;
}

/** Speaker labels of the chat prompt format the bundled model was trained on. */
export const CHAT_LABELS: Readonly<Record<ChatSpeaker, string>> = { customer: 'Customer', agent: 'Agent' };

/**
 * The GPT-Neo tokenizer (GPT-2 byte-level BPE) loaded from a model folder's tokenizer.json.
 *
 * `encodeText` treats its input as plain text: a user who types `<|endoftext|>` gets the same
 * ids gpt-3-encoder gives, never the special token, so nobody can forge a turn boundary.
 */
export class GptNeoTokenizer {
  readonly eosTokenId: number;

  constructor(
    private readonly tokenizer: HfTokenizer,
    eosTokenId: number,
  ) {
    this.eosTokenId = eosTokenId;
  }

  /** Number of ids, added tokens included. */
  get vocabSize(): number {
    return this.tokenizer.get_vocab(true).size;
  }

  tokenToId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  encodeText(text: string): number[] {
    // Cut every literal "<|endoftext|>" between "<|" and "endoftext|>": byte-level BPE
    // pre-tokenization splits there anyway, so the pieces encode as the whole would without
    // the added-token match.
    const ids: number[] = [];
    let start = 0;
    for (let at = text.indexOf(END_OF_TEXT); at !== -1; at = text.indexOf(END_OF_TEXT, at + 1)) {
      ids.push(...this.encodePiece(text.slice(start, at + 2)));
      start = at + 2;
    }
    ids.push(...this.encodePiece(text.slice(start)));
    return ids;
  }

  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    return this.tokenizer.decode([...ids], {
      skip_special_tokens: options.skipSpecialTokens ?? true,
      clean_up_tokenization_spaces: false,
    });
  }

  /**
   * Ids of a conversation in the chat format, ending with "Agent:" so the model writes the reply:
   * `<|endoftext|>Customer: {text}<|endoftext|>Agent: {text}<|endoftext|>...Agent:`.
   */
  encodeChatPrompt(turns: readonly ChatTurn[]): number[] {
    const ids = [this.eosTokenId];
    for (const turn of turns) {
      ids.push(...this.encodeText(`${CHAT_LABELS[turn.speaker]}:`));
      ids.push(...this.encodeText(` ${turn.text.trim()}`), this.eosTokenId);
    }
    ids.push(...this.encodeText(`${CHAT_LABELS.agent}:`));
    return ids;
  }

  private encodePiece(piece: string): number[] {
    return piece.length === 0 ? [] : this.tokenizer.encode(piece, { add_special_tokens: false }).ids;
  }
}
