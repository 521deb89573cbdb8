import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsString, IsUrl, IsUUID, Length } from 'class-validator';
import { CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import type { WebhookDelivery, WebhookSubscription } from './webhook.repository';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, WebhooksService } from './webhooks.service';

export class CreateWebhookDto {
  @ApiProperty({ description: 'the relying party, e.g. "First Bank of Utopia"' }) @IsString() @Length(1, 200) relyingParty!: string;
  @ApiProperty() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] }) url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(WEBHOOK_EVENT_TYPES, { each: true }) events!: WebhookEventType[];
}

export class WebhookIdParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() relyingParty!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'returned once, at creation: verify webhook-signature with it (Standard Webhooks v1)' }) secret?: string;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) state!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional() lastStatusCode?: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiPropertyOptional() deliveredAt?: string;
  @ApiProperty() createdAt!: string;
}

function mapSubscription(subscription: WebhookSubscription, secret?: string): WebhookSubscriptionDto {
  return { id: subscription.id, relyingParty: subscription.relyingParty, url: subscription.url, events: [...subscription.events], active: subscription.active, createdAt: subscription.createdAt.toISOString(), ...(secret && { secret }) };
}

function mapDelivery(delivery: WebhookDelivery): WebhookDeliveryDto {
  return { id: delivery.id, eventId: delivery.eventId, eventType: delivery.eventType, state: delivery.state, attempts: delivery.attempts, lastStatusCode: delivery.lastStatusCode, lastError: delivery.lastError, deliveredAt: delivery.deliveredAt?.toISOString(), createdAt: delivery.createdAt.toISOString() };
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @RequirePermission(Permission.WebhookManage)
  @ApiCreatedResponse({ type: WebhookSubscriptionDto })
  async subscribe(@CurrentActor() actor: Actor, @Body() body: CreateWebhookDto): Promise<WebhookSubscriptionDto> {
    const { subscription, secret } = await this.webhooks.subscribe(actor, body);
    return mapSubscription(subscription, secret);
  }

  @Get()
  @RequirePermission(Permission.WebhookManage)
  @ApiOkResponse({ type: [WebhookSubscriptionDto] })
  async list(): Promise<WebhookSubscriptionDto[]> {
    return (await this.webhooks.list()).map((subscription) => mapSubscription(subscription));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.WebhookManage)
  async unsubscribe(@CurrentActor() actor: Actor, @Param() params: WebhookIdParamDto): Promise<void> {
    await this.webhooks.unsubscribe(actor, params.id);
  }

  @Get(':id/deliveries')
  @RequirePermission(Permission.WebhookManage)
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  async deliveries(@Param() params: WebhookIdParamDto): Promise<WebhookDeliveryDto[]> {
    return (await this.webhooks.deliveries(params.id)).map(mapDelivery);
  }
}
