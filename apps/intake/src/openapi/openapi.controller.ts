import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '#platform';
import { INTAKE_OPENAPI } from './openapi.document.js';
import type { OpenApiDocument } from './openapi.types.js';

/** The API's own description, for anyone: it holds no secret and clients generate code from it. */
@Public()
@Controller('v1')
export class OpenApiController {
  @Get('openapi.json')
  @Header('cache-control', 'public, max-age=300')
  document(): OpenApiDocument {
    return INTAKE_OPENAPI;
  }
}
