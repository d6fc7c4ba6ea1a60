/**
 * The smallest interface over a chat-completion model (an OpenAI-compatible server, WebLLM in a
 * worker, a test double). Providers build prompts and parse answers; a ChatModel only talks.
 */

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** Images sent with a user message (PNG, JPEG, GIF or WebP bytes). */
  images?: Uint8Array[];
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  /** Sampling seed; must be a whole number. */
  seed?: number;
  maxTokens?: number;
  /** Ask the model for a JSON object (JSON mode). */
  json?: boolean;
  signal?: AbortSignal;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatResponse {
  text: string;
  /** Token counts as reported by the model, when it reports them. */
  usage?: ChatUsage;
}

export interface ChatModel {
  /** Shown in the UI and logs, e.g. "openai gpt-4o-mini". */
  readonly label: string;
  /** Failures reject with a one-line message (a `ProviderError` for known causes). */
  complete(request: ChatRequest): Promise<ChatResponse>;
}
