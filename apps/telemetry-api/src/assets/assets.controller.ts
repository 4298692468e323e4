import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import { AssetsService } from './assets.service';
import { assetSchema, registerAssetSchema, type RegisterAsset } from './dto/asset.dto';

@ApiTags('assets')
@Controller('v1/assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('telemetry:write')
  @ApiOperation({ summary: 'Register an asset; the same id again updates the fields it sends (also 201, as the contract says).' })
  @ApiZodBody(registerAssetSchema)
  @ApiZodResponse(201, assetSchema)
  @ApiErrors(400, 401, 403, 429)
  async register(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(registerAssetSchema)) body: RegisterAsset) {
    return (await this.assets.register(principal.tenantId, body)).view;
  }

  @Get(':assetId')
  @RequireScopes('telemetry:read')
  @ApiOperation({ summary: "An asset and its latest state (newest window's label and risk, open alerts)." })
  @ApiZodResponse(200, assetSchema)
  @ApiErrors(401, 403, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('assetId') assetId: string) {
    return this.assets.get(principal.tenantId, assetId);
  }
}
