// Built into dist/provider-vertex.js and loaded only when Claude on Vertex AI is used (anthropicClient.ts).
export { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
