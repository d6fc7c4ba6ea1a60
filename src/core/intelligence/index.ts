/** Model-backed intelligence: chat models, JSON extraction, template prompts and the provider factory. */
export type { ChatMessage, ChatModel, ChatRequest, ChatResponse, ChatRole, ChatUsage } from "./chat-model";
export { extractJson, isPlainObject, JsonExtractError, type ExtractOptions } from "./json-extract";
export { looksLikeTemplateAnswer, parseTemplateAnswer, renderTemplate, templateRetryInstruction } from "./templates";
export { asProviderError, ChatModelProvider, NO_WEB_ACCESS, type ChatProviderOptions, type WebDelegate } from "./chat-provider";
export { OpenAiCompatibleModel, type OpenAiCompatibleOptions } from "./openai-compatible";
export { createProvider, OPENAI_BASE_URL, UnavailableProvider, type ProviderDeps, type SecretLookup } from "./provider-factory";
export { WebAccess, type WebAccessOptions } from "./web-access";
export { htmlToReadableText, looksLikeHtml } from "./html-text";
export { RecordingProvider, ReplayProvider, requestKey, orderedRecording, type Recording, type RecordedCall } from "./recorded";
