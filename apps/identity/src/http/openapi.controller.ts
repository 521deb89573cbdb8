import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import { Public } from '@citizen-zero/nest-platform';

/** Holds the OpenAPI document, which can only be built once the application exists. */
@Injectable()
export class OpenApiDocument {
  document: OpenAPIObject | undefined;
}

@ApiExcludeController()
@Controller()
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocument) {}

  @Get('openapi.json')
  @Public()
  document(): OpenAPIObject | undefined {
    return this.holder.document;
  }
}
