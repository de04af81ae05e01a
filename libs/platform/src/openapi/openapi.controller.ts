import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.guard.js';
import { OPENAPI_DOCUMENT } from '../tokens.js';
import { referencePage } from './openapi.reference.js';
import type { OpenApiDocument } from './openapi.types.js';

/**
 * The API's own description, for anyone: it holds no secret and clients generate code from it.
 * It describes the apps this process runs: one app's own, or all four in the embedded platform.
 */
@Public()
@Controller('v1')
export class OpenApiController {
  private readonly page: string;

  constructor(@Inject(OPENAPI_DOCUMENT) private readonly doc: OpenApiDocument) {
    this.page = referencePage(doc);
  }

  @Get('openapi.json')
  @Header('cache-control', 'public, max-age=300')
  document(): OpenApiDocument {
    return this.doc;
  }

  /** The same document as a page to browse. */
  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  reference(): string {
    return this.page;
  }
}
