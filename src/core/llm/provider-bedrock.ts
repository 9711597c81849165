// Built into dist/provider-bedrock.js and loaded only when Claude on Bedrock is used (anthropicClient.ts).
export { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
